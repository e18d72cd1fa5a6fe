"""Parse a translator's XML file without trusting it.

No entity is expanded, no DTD is loaded, nothing is fetched, trees are bounded (libxml2's
default limits, ``huge_tree`` off) and the file size is checked before parsing. A document
that declares entities or elements is refused outright: XLIFF never needs a DTD, and a TMX
may only name its own (``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``).
"""

from __future__ import annotations

from lxml import etree

from publisher.errors import InputTooLarge, MalformedItem


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _line(error: Exception) -> str:
    return " ".join(str(error).split())[:200]


def parse(
    data: bytes, *, source: str, max_bytes: int, doctypes: frozenset[str] = frozenset()
) -> etree._Element:
    """The root element of ``data``; ``doctypes`` are the system ids a DOCTYPE may name.

    Raises InputTooLarge over ``max_bytes``, MalformedItem for anything else wrong, each
    with a one-line reason.
    """
    if len(data) > max_bytes:
        raise InputTooLarge(f"{source}: {len(data)} bytes, over the limit of {max_bytes}", source)
    if not data.strip():
        raise MalformedItem(f"{source}: empty file", source)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise MalformedItem(f"{source}: not well-formed XML: {_line(error)}", source) from None
    except ValueError as error:  # e.g. an encoding declaration lxml cannot honour
        raise MalformedItem(f"{source}: unreadable XML: {_line(error)}", source) from None
    info = root.getroottree().docinfo
    dtd = info.internalDTD
    if dtd is not None and (list(dtd.iterentities()) or list(dtd.iterelements())):
        raise MalformedItem(f"{source}: a DTD with declarations is not accepted", source)
    if info.doctype and info.system_url not in doctypes:
        raise MalformedItem(f"{source}: a DOCTYPE is not accepted here", source)
    if any(isinstance(node, etree._Entity) for node in root.iter()):
        raise MalformedItem(f"{source}: entity references are not accepted", source)
    return root
