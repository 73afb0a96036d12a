"""Bad input: every refusal is a PlanFormatError that names the line and says what to do."""

from __future__ import annotations

import codecs

import pytest

from civicplan.planio.importer import PlanFormatError, parse_plan_bytes, parse_plan_text
from tests.planio.importer.plan_variants import AS_OF


def _error(text: str) -> PlanFormatError:
    with pytest.raises(PlanFormatError) as caught:
        parse_plan_text(text, as_of=AS_OF)
    return caught.value


def _lines(seed_text: str) -> list[str]:
    return seed_text.split("\n")


@pytest.mark.parametrize("text", ["", "  \n\n\t\n"])
def test_empty_file_is_refused(text):
    error = _error(text)
    assert error.line == 1
    assert "empty" in str(error)


def test_control_characters_are_refused_with_their_line():
    error = _error("Plan\nsecond\x00line\n")
    assert error.line == 2
    assert "not plain text" in str(error)


def test_binary_bytes_are_refused():
    with pytest.raises(PlanFormatError, match="binary") as caught:
        parse_plan_bytes(b"PK\x03\x04\n\x00\x00word/document.xml", as_of=AS_OF)
    assert caught.value.line == 2


def test_invalid_utf8_is_refused_with_its_line():
    with pytest.raises(PlanFormatError, match="not valid UTF-8") as caught:
        parse_plan_bytes(b"Community Safety\nBusiness \x80 Plan\n", as_of=AS_OF)
    assert caught.value.line == 2


def test_utf16_is_refused():
    with pytest.raises(PlanFormatError, match="UTF-16"):
        parse_plan_bytes(codecs.BOM_UTF16_LE + "Plan".encode("utf-16-le"), as_of=AS_OF)


def test_utf8_with_and_without_bom_read_the_same(seed_text, seed):
    raw = seed_text.encode("utf-8")
    assert parse_plan_bytes(raw, as_of=AS_OF) == seed
    assert parse_plan_bytes(codecs.BOM_UTF8 + raw, as_of=AS_OF) == seed


def test_text_that_is_not_a_plan_is_refused():
    error = _error("Dear Sir,\n\nThank you for your letter of 3 March.\n")
    assert error.line == 1
    assert "no plan sections" in str(error)


def test_row_with_a_missing_cell_names_the_line_and_the_counts(seed_text):
    lines = _lines(seed_text)
    lines[156] = lines[156].replace("\t", " ", 1)  # line 157: ComS_007 row loses a tab
    error = _error("\n".join(lines))
    assert error.line == 157
    assert "4 cells" in str(error) and "has 5" in str(error) and "line 155" in str(error)


def test_row_with_an_extra_cell_is_refused(seed_text):
    lines = _lines(seed_text)
    lines[279] += "\textra"  # line 280: the first key task
    error = _error("\n".join(lines))
    assert (error.line, "6 cells" in str(error)) == (280, True)


def test_tab_row_without_a_header_is_refused(seed_text):
    lines = _lines(seed_text)
    lines.insert(4, "Loose\ttable\trow")
    error = _error("\n".join(lines))
    assert error.line == 5
    assert "no table header" in str(error)


def test_file_cut_inside_a_section_names_the_missing_sections(seed_text):
    lines = _lines(seed_text)[:300]
    error = _error("\n".join(lines))
    assert error.line == 300
    assert "section 4" in str(error) and "5. " in str(error) and "cut short" in str(error)


def test_file_cut_mid_row_is_reported_as_cut_short(seed_text):
    lines = _lines(seed_text)[:157]
    lines[-1] = lines[-1].split("\t")[0] + "\t37"  # the row stops after its second cell
    error = _error("\n".join(lines))
    assert error.line == 157
    assert "cut short" in str(error)


def test_file_cut_before_the_risk_register_is_refused(seed_text):
    lines = _lines(seed_text)[:359]  # ends on the last key-task risk row
    error = _error("\n".join(lines))
    assert error.line == 359
    assert "cut short" in str(error) and "register" in str(error)


def test_file_cut_at_a_table_header_is_refused(seed_text):
    lines = _lines(seed_text)
    header = next(i for i, line in enumerate(lines) if line.startswith("Key Task\t"))
    error = _error("\n".join(lines[: header + 1]))
    assert "key task risks" in str(error)
    assert error.line == header + 1


def test_missing_middle_section_is_refused(seed_text):
    text = seed_text.replace("5. Link Key Tasks", "Link Key Tasks")
    error = _error(text)
    assert "section 5" in str(error) and "not found" in str(error)
    assert error.line == 269  # the heading of section 4, after which section 5 should come


def test_section_without_its_table_is_refused(seed_text):
    lines = [
        line
        for line in _lines(seed_text)
        if not line.startswith("Key Strategic Risk\t") and not line.startswith("Failure to ")
    ]
    error = _error("\n".join(lines))
    assert "key strategic risks" in str(error)


def test_unrecognised_measures_column_is_refused(seed_text):
    text = seed_text.replace("Comments including benchmarking data", "Miscellany", 1)
    error = _error(text)
    assert error.line == 155
    assert "'Miscellany'" in str(error)


def test_targets_table_under_service_data_heading_is_refused(seed_text):
    text = seed_text.replace("Critical Success Indicators (CSI)\n", "Indicators\n", 1)
    error = _error(text)
    assert "Critical Success Indicators" in str(error)


def test_section_2_without_objectives_is_refused(seed_text):
    text = seed_text.replace("Objective (CS", "Goal (CS")
    assert "objective headings" in str(_error(text))


def test_plan_without_years_is_refused(seed_text):
    text = seed_text.replace("2026–2029", "", 1).replace("2026/27 – 2028/29", "", 1)
    error = _error(text)
    assert error.line == 3
    assert "years" in str(error)


def test_error_message_starts_with_the_line():
    assert str(PlanFormatError("bad", 12)) == "line 12: bad"
    assert str(PlanFormatError("bad")) == "bad"
