"""Mend Material markup that fails the Nu HTML Checker, axe-core or keyboard use.

Hand-written because these attributes sit where Material's templates have no
block to extend (base.html's toggles, the nav-item macro, the search partial),
and copying whole templates to change one attribute would fork them.
"""

import re

MENDS = [
    # HTML allows autocomplete only on text-like inputs, not on checkboxes.
    (re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"'), r"\1"),
    # Section labels in the navigation get an empty tabindex, which is invalid.
    (re.compile(r'(<label class="md-nav__link[^"]*"[^>]*?) tabindex=""'), r"\1"),
    # Glossary tooltips must open from the keyboard too, so terms take focus,
    # except inside a link, which already takes focus and may not nest another.
    (re.compile(r'<abbr title='), '<abbr tabindex="0" title='),
    (re.compile(r'<a\b[^>]*>.*?</a>', re.DOTALL), lambda link: link[0].replace('<abbr tabindex="0" ', "<abbr ")),
    # A link whose only text is a symbol (the ¶ after a heading, the ↩ after a
    # footnote) is named by aria-label: screen readers then say what it does
    # rather than the symbol. As a title it only described the link, and Material
    # built a tooltip, with a layout pass, for each of the dozens on a page.
    (re.compile(r'(<a class="(?:headerlink|footnote-backref)" href="[^"]*") title='), r"\1 aria-label="),
    # The search dialog needs an accessible name.
    (re.compile(r'(<div class="md-search" data-md-component="search") role="dialog"'), r'\1 role="dialog" aria-label="Search"'),
]


def on_post_page(output, **kwargs):
    for pattern, replacement in MENDS:
        output = pattern.sub(replacement, output)
    return output


def on_post_template(output, template_name, **kwargs):
    return on_post_page(output) if template_name == "404.html" else output
