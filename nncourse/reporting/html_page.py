"""The shell shared by the HTML pages: one self-contained file, safe to open anywhere.

Every page carries its CSS inline and a Content-Security-Policy that allows no script and
no network request at all (images only as ``data:`` URIs), so a page opened from a
student's folder can neither phone home nor run what a student typed into a markdown cell.
Student-written HTML (markdown cells, ``text/html`` outputs) is additionally cleaned by
:func:`clean_html` before it is placed in a page.
"""

from __future__ import annotations

import html
import re

#: No scripts, no fetches: styles inline, images embedded.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

CSS = """
:root { --ok: #1a7f37; --bad: #c62828; --wait: #9a6700; --line: #d0d7de; --soft: #f6f8fa; }
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", sans-serif;
       margin: 0 auto; max-width: 980px; padding: 1.5rem; color: #1f2328; background: #fff; }
h1 { font-size: 1.5rem; margin: .2rem 0 1rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; } td, th { border: 1px solid var(--line); padding: .25rem .6rem; text-align: left; }
th { background: var(--soft); } td.num { text-align: right; font-variant-numeric: tabular-nums; }
pre, code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; }
pre { white-space: pre-wrap; word-break: break-word; margin: .3rem 0; }
.summary { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: .6rem 1rem; }
.cell { margin: .6rem 0; } .input_area, .output_area pre { background: var(--soft); border-radius: 4px; padding: .2rem .5rem; }
.prompt { display: none; } .output_area { border-left: 3px solid var(--line); padding-left: .5rem; }
.output_area img, .rendered_html img { max-width: 100%; }
.feedback { border: 2px solid var(--line); border-radius: 6px; margin: 1rem 0 1.6rem; padding: .5rem 1rem; background: #fff; }
.feedback.full { border-color: var(--ok); } .feedback.partial { border-color: var(--bad); } .feedback.review { border-color: var(--wait); }
.feedback h3 { margin: .2rem 0 .4rem; font-size: 1.05rem; }
.test { border-top: 1px dashed var(--line); padding: .3rem 0; }
.mark { font-weight: 600; } .passed .mark { color: var(--ok); } .failed .mark, .error .mark { color: var(--bad); }
.undecided .mark { color: var(--wait); }
.plot svg { max-width: 100%; height: auto; } .note { color: #57606a; font-size: .9em; }
a { color: #0969da; }
"""


def esc(text: object) -> str:
    """``text`` as HTML text (quotes escaped too, so it is safe inside attributes)."""
    return html.escape(str(text), quote=True)


def points(value: float) -> str:
    """A score as people write it: at most two decimals, no trailing zeros (``2.89``, ``18``)."""
    return f"{round(value, 2):g}"


def page(title: str, body: str, *, extra_css: str = "") -> str:
    """A complete, self-contained HTML document."""
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<style>{CSS}{extra_css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


#: Tags a rendered notebook may keep (text, code, tables, math as text, embedded images).
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
})
_DROPPED = re.compile(r"<(script|style|noscript|template|iframe|object)\b.*?(</\1\s*>|$)", re.I | re.S)
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$")


def _attribute_allowed(tag: str, name: str, value: str) -> bool:
    if name in ("class", "id", "title", "alt", "colspan", "rowspan"):
        return True
    if tag == "a" and name == "href":
        return value.startswith("#") or value.startswith(("https://", "http://"))
    if tag == "img" and name in ("width", "height"):
        return True
    if tag == "img" and name == "src":
        return bool(_DATA_IMAGE.match(value))
    return False


def clean_html(fragment: str) -> str:
    """Student-influenced HTML with scripts, styles, frames, event handlers and every URL
    that would be fetched removed (an ``<img>`` keeps only an embedded ``data:`` image)."""
    import bleach  # comes with nbconvert (instructor extra)

    fragment = _DROPPED.sub("", fragment)  # their contents are code, not text to show
    cleaned = bleach.clean(fragment, tags=ALLOWED_TAGS, attributes=_attribute_allowed,
                           protocols=["http", "https", "data"], strip=True, strip_comments=True)
    return re.sub(r"<img(?![^>]*\ssrc=)[^>]*>", "", cleaned)  # an image whose source was removed
