"""Links: every internal link and #anchor resolves over HTTP, under a sub-path."""

import re
import urllib.error
import urllib.request
from urllib.parse import urljoin

from tools.linkcheck import broken_anchors, broken_links

ROOT_ABSOLUTE = re.compile(r"""\s(?:href|src)="(/[^/"][^"]*)\"""")


def fetch(url: str) -> tuple[int, str, str]:
    """Status, final URL and body of a GET that may fail with an HTTP error."""
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.url, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, url, error.read().decode("utf-8")


def test_no_broken_internal_link(site):
    faults = broken_links(site.url)
    assert not faults, "Broken links:\n" + "\n".join(faults)


def test_no_link_to_a_missing_anchor(site):
    faults = broken_anchors(site.url)
    assert not faults, "Links to a missing #anchor:\n" + "\n".join(faults)


def test_pages_use_no_root_absolute_links(site):
    """A link starting with "/" would break under a GitHub Pages project's /<repo>/."""
    faults = [
        f"/{url}: {link}"
        for url, path in site.pages().items()
        for link in ROOT_ABSOLUTE.findall(path.read_text("utf-8"))
    ]
    assert not faults, "Root-absolute links, which break under a sub-path:\n" + "\n".join(faults)


def test_unknown_address_gets_the_404_page(site):
    for missing in ("no-such-page/", "toning/deeper/still/missing"):
        status, url, body = fetch(site.url + missing)
        assert status == 404, f"/{missing} answered {status}, not 404"
        assert "Page not found" in body, f"/{missing} did not show the 404 page"
        for asset in re.findall(r'<link rel="stylesheet" href="([^"]+)"', body):
            assert fetch(urljoin(url, asset))[0] == 200, f"404 page at /{missing}: stylesheet {asset} does not load"
        home = re.search(r'href="([^"]+)">Go to the start of the guide', body).group(1)
        assert fetch(urljoin(url, home))[1].rstrip("/") + "/" == site.url, (
            f"404 page at /{missing}: home link {home} does not lead to {site.url}"
        )


def test_folder_without_slash_redirects(site):
    status, url, _ = fetch(site.url + "toning")
    assert (status, url) == (200, site.url + "toning/"), f"/toning ended at {url} with {status}"
