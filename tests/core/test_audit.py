import pytest

from civicplan.core.audit import audit_record
from civicplan.core.models import AuditEvent
from civicplan.plans.models import Organisation


@pytest.mark.django_db
def test_audit_events_are_append_only():
    org = Organisation.objects.create(name="Testshire District Council")
    event = audit_record(by=None, action="organisation.create", obj=org, after={"name": org.name})
    assert event.object_type == "plans.organisation"
    assert event.object_repr == "Testshire District Council"

    event.reason = "rewritten history"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert AuditEvent.objects.get().reason == ""
