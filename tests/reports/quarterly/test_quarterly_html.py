"""The quarterly report as HTML: reproducible to the byte, accessible charts and tables."""

from __future__ import annotations

import re

import pytest

from civicplan.reports.quarterly.render_html import render_fragment

from .conftest import RED_COMMENTARY

pytestmark = pytest.mark.django_db


def test_quarterly_html_is_the_same_bytes_for_the_same_data(built):
    assert built.files["cabinet.html"] == built.files["cabinet-again.html"]


def test_quarterly_html_has_no_timestamp_but_the_data_date(built):
    html = built.files["cabinet.html"].decode()

    assert "30 November 2026" in html
    assert not re.search(r"\d{2}:\d{2}:\d{2}", html)
    assert "Generated" not in html


def test_quarterly_html_charts_are_labelled_images_with_their_figures(built):
    html = built.files["cabinet.html"].decode()

    assert html.count('role="img"') == 4
    assert '<title id="figure-2-title">ComS_014 ASB cases received by Communities' in html
    assert 'aria-describedby="figure-2-desc"' in html
    assert "The figures in Figure 2" in html


def test_quarterly_html_shows_status_in_words_on_tags(built):
    html = built.files["cabinet.html"].decode()

    assert '<strong class="govuk-tag govuk-tag--red">Off target</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--orange">Within tolerance</strong>' in html
    assert RED_COMMENTARY in html


def test_quarterly_html_tables_have_captions_and_header_scopes(built):
    html = built.files["gmt.html"].decode()

    assert "Table 4: Management Performance Indicators, 2026/27 Q2</caption>" in html
    assert html.count("<caption") == html.count("<thead")
    assert '<th scope="row" class="govuk-table__header">ComS_014</th>' in html


def test_quarterly_html_prints_with_page_numbers_and_no_orphans(built):
    html = built.files["cabinet.html"].decode()

    assert 'counter(page) " of " counter(pages)' in html
    assert "thead { display: table-header-group; }" in html
    assert "break-after: avoid" in html


def test_quarterly_fragment_prefixes_its_ids(built):
    fragment = str(render_fragment(built.reports["scrutiny"]))

    assert 'id="report-csi"' in fragment
    assert "<html" not in fragment
