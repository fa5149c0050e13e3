"""Sample files for the evidence tests, made here from scratch: good ones of each allowed type, and attacks."""

from __future__ import annotations

import io
import zipfile

from shared.scanning.daemon import eicar

MiB = 1024 * 1024
CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def pdf(text: str = "Project plan") -> bytes:
    body = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    return b"%%PDF-1.7\n1 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n%%%%EOF\n" % (len(body), body)


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(32) + b"\xff\xd9"


def office(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx(**extra: bytes) -> bytes:
    return office({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>", **extra})


def xlsx() -> bytes:
    return office({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>"})


def docx_bomb(unpacked: int = 64 * MiB) -> bytes:
    """A DOCX whose one picture of zeros unpacks to ``unpacked`` bytes from a few tens of KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", b"<w:document/>")
        with archive.open("word/media/image1.png", "w", force_zip64=True) as picture:
            for _ in range(unpacked // MiB):
                picture.write(bytes(MiB))
    return buffer.getvalue()


def html_as_pdf() -> bytes:
    return b"<!DOCTYPE html><html><body><script>fetch('/steal?c=' + document.cookie)</script></body></html>"


def executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48) + b"PE\x00\x00"


def eicar_in_pdf() -> bytes:
    """A PDF that looks valid and carries the EICAR test string in a stream: passes sniffing, fails the scan."""
    return b"%PDF-1.7\n1 0 obj\n<< /Length 68 >>\nstream\n" + eicar() + b"\nendstream\nendobj\n%%EOF\n"
