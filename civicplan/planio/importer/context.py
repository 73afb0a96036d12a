"""What the table readers share while a document is assembled: the plan's years, the names met so
far and the findings. Its own module so that ``assemble`` and the readers it calls both import it,
and neither imports the other."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .vocab import Names, PartnerSplitter, PostSplitter, Split, name_key


@dataclass
class Context:
    """What the table readers share: the plan period, name vocabularies, findings, source lines."""

    first_year: str
    last_year: str
    findings: list[dict] = field(default_factory=list)
    index: dict[tuple[str, object], int] = field(default_factory=dict)
    posts: PostSplitter = field(default_factory=PostSplitter)
    partners: PartnerSplitter = field(default_factory=PartnerSplitter)
    post_names: Names = field(default_factory=lambda: Names("The post"))
    partner_names: Names = field(default_factory=lambda: Names("The partner"))
    department_names: Names = field(default_factory=lambda: Names("The department"))

    def finding(self, kind: str, line: int | None, message: str, suggestion: str | None = None):
        self.findings.append(
            {"kind": kind, "line": line, "message": message, "suggestion": suggestion}
        )

    def locate(self, kind: str, key: object) -> int | None:
        return self.index.get((kind, key))

    def names(self, split: Split, registry: Names, line: int, what: str) -> list[str]:
        """Canonical names from a split, reporting the pieces we could not split for sure."""
        vocabulary = self.posts.known.phrases if what == "posts" else registry.known()
        for piece in split.uncertain:
            known = [name for name in vocabulary if name_key(name) != name_key(piece)]
            close = _closest(piece, known)
            self.finding(
                "split_uncertain",
                line,
                f"could not tell where the {what} in '{piece}' begin and end; kept whole.",
                close,
            )
        return [registry.note(name, line) for name in split.names]

    def resolve_names(self, data: dict) -> None:
        """Give every post, partner and department its one spelling (see ``vocab.Names``)."""
        posts, found = self.post_names.resolve()
        partners, more = self.partner_names.resolve()
        departments, most = self.department_names.resolve()
        self.findings += found + more + most
        for record, key, mapping in (
            *((p, "owners", posts) for p in data["policies"]),
            *((i, "owners", posts) for i in data["indicators"]),
            *((r, "owners", posts) for r in data["measure_rows"]),
            *((a, "officers", posts) for a in data["actions"]),
            *((a, "partners", partners) for a in data["actions"]),
        ):
            record[key] = list(dict.fromkeys(mapping.get(name, name) for name in record[key]))
        for objective in data["objectives"]:
            for service in objective["service_objectives"]:
                name = service["department"]
                service["department"] = departments.get(name, name)


def _closest(text: str, names: list[str]) -> str | None:
    match = difflib.get_close_matches(text, names, n=1, cutoff=0.75)
    return match[0] if match else None
