"""Security headers on every response (pages, API, exports, static files, errors) and the check
that lets a report's own URL become a link only when it is plain http(s).

Must not escape or rewrite report text: Jinja's autoescape and the highlighters do that.
"""

from __future__ import annotations

import re

from flask import Flask, Response

# The site loads nothing from elsewhere and has no inline script or style (the timeline's axis
# labels are laid out by CSS classes), so everything can be 'self'; data: only for the blank icon.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
# Only features Chromium and Firefox know: an unknown name is logged as a console error.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
}

# A browser drops leading spaces and control characters and every tab or newline before reading
# a URL's scheme ("\tjava\nscript:" is javascript:), so a link must start with the scheme itself
# and hold no control character anywhere.
_WEB_URL = re.compile(r"https?://[^\x00-\x20\x7f]", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def web_link(url: str | None) -> str | None:
    """`url` if it may be an href (http or https, nothing a browser would reread), else None."""
    if not url or not _WEB_URL.match(url) or _CONTROL.search(url):
        return None
    return url


# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): in a page's <title>, which
# holds no markup to contain them, a report's headline could reverse the whole browser tab title.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def tab_title(text: str | None) -> str:
    """`text` for a <title> element: without the bidirectional controls that could spill over
    the rest of the tab's title (in the page itself the text is isolated by its element)."""
    return _BIDI_CONTROLS.sub("", text or "")


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    return response


def init_app(app: Flask) -> None:
    """Send the headers with every response and give templates the `web_link` and `tab_title`
    filters."""
    app.after_request(add_security_headers)
    app.add_template_filter(web_link, "web_link")
    app.add_template_filter(tab_title, "tab_title")
