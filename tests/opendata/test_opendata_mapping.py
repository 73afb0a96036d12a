"""The editable crime-type mapping: seed defaults, organisation overrides, caveats, permission."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from civicplan.accounts.roles import Role
from civicplan.core.models import AuditEvent
from civicplan.opendata.models import CrimeMeasure, CrimeMeasureType, CrimeType, MeasureRule
from civicplan.opendata.selectors.comparison import measure_caveats, measure_for, measures_for
from civicplan.opendata.services import crime_measures_seed
from civicplan.plans.models import Organisation

pytestmark = pytest.mark.django_db


def _user(name: str, role: Role | None = None):
    user = get_user_model().objects.create_user(username=name, password="x" * 20)
    if role is not None:
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


def test_seed_copies_defaults_once_with_audit():
    org = Organisation.objects.create(name="Broxtowe Borough Council")
    created = crime_measures_seed(organisation=org, by=None)
    assert len(created) == 6
    assert crime_measures_seed(organisation=org, by=None) == []
    all_crime = CrimeMeasure.objects.get(organisation=org, indicator_code="ComS_001")
    assert all_crime.rule == MeasureRule.ALL_EXCEPT
    assert list(all_crime.types.values_list("crime_type", flat=True)) == [CrimeType.ASB]
    assert AuditEvent.objects.filter(action="crime_measure.seed").count() == 6


def test_seed_needs_a_performance_officer():
    org = Organisation.objects.create(name="Gedling Borough Council")
    with pytest.raises(PermissionDenied):
        crime_measures_seed(organisation=org, by=_user("owner", Role.INDICATOR_OWNER))
    assert crime_measures_seed(organisation=org, by=_user("po", Role.PERFORMANCE_OFFICER))


def test_organisation_without_mapping_uses_defaults():
    org = Organisation.objects.create(name="Rushcliffe Borough Council")
    measures, origin = measures_for(org)
    assert origin == "default"
    assert [m.code for m in measures][:2] == ["ComS_001", "ComS_007"]


def test_edited_mapping_is_used_and_caveat_shown():
    org = Organisation.objects.create(name="Broxtowe Borough Council")
    crime_measures_seed(organisation=org, by=None)
    burglary = CrimeMeasure.objects.get(organisation=org, indicator_code="ComS_007")
    CrimeMeasureType.objects.create(measure=burglary, crime_type=CrimeType.ROBBERY)
    burglary.caveat = "Burglary and robbery together.\nNo location, no count."
    burglary.save()
    measure, origin = measure_for(org, "coms_007")
    assert origin == "organisation"
    assert measure.crime_types == ("Burglary", "Robbery")
    plan = SimpleNamespace(organisation=org)
    assert measure_caveats(plan, "ComS_007") == [
        "Burglary and robbery together.",
        "No location, no count.",
    ]
    assert measure_caveats(plan, "ComS_024") == []


def test_mapping_is_in_the_admin():
    assert admin.site.is_registered(CrimeMeasure)
