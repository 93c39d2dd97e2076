"""Markdown renders as on GitHub, and nothing an editor writes can run script."""

from __future__ import annotations

from katalogi.content.markup import markdown_to_html


def test_list_right_after_a_sentence_is_a_list_as_on_github():
    assert markdown_to_html("Tavoitteet:\n- yksi\n- kaksi") == (
        "<p>Tavoitteet:</p>\n<ul>\n<li>yksi</li>\n<li>kaksi</li>\n</ul>\n")


def test_raw_html_and_script_links_are_removed():
    html = markdown_to_html('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n'
                            "[a](javascript:alert(1)) [b](vbscript:x) [c](data:text/html,x)")
    assert "<script" not in html and "onerror" not in html
    assert "javascript:" not in html and "vbscript:" not in html and "data:" not in html


def test_gfm_tables_autolinks_and_strikethrough():
    html = markdown_to_html("| a |\n|---|\n| 1 |\n\nhttps://example.org ~~pois~~")
    assert "<table>" in html and '<a href="https://example.org">' in html and "<del>pois</del>" in html


def test_headings_are_shifted_to_fit_the_page_outline():
    assert markdown_to_html("# Otsikko\n### Pieni", heading_level=3) == "<h3>Otsikko</h3>\n<h5>Pieni</h5>\n"
    assert markdown_to_html("# A\n###### B", heading_level=4) == "<h4>A</h4>\n<h6>B</h6>\n"


def test_empty_text_is_empty_markup():
    assert markdown_to_html(None) == "" and markdown_to_html("") == ""


def test_links_to_site_paths_get_the_base_path():
    html = markdown_to_html("[a](/toimenpiteet/2/) ![k](/static/k.png) [b](https://example.org/x)",
                            base_path="/hankinnat/")
    assert html == ('<p><a href="/hankinnat/toimenpiteet/2/">a</a> <img src="/hankinnat/static/k.png" alt="k"> '
                    '<a href="https://example.org/x">b</a></p>\n')


def test_a_removed_script_link_leaves_its_text_not_an_empty_link():
    assert markdown_to_html("[klikkaa](javascript:alert(1))") == "<p>klikkaa</p>\n"
