"""Text that came from a student, made safe to store and to show.

A student controls the text of their exceptions (and so the messages of their checks),
the names of their folders and files, and anything their code prints. That text reaches
files (``grades.csv``, results, feedback pages, the gradebook) and the instructor's
terminal. Each function here does one job, at the boundary where such text is stored or
shown:

- :func:`clean_message`: a one-line message that encodes as UTF-8 and cannot drive a
  terminal (no escape sequences, no control or bidi characters), capped in length;
- :func:`printable_id`: the printable form of a student id (a folder name), injective, so
  two different folders never show (or are stored) as the same student;
- :func:`ensure_printable`: a guard for strings that should already be printable ids;
- :func:`file_name`: an injective file-name component for an id (``OUT/results/<it>/``);
- :func:`csv_cell`: a CSV cell a spreadsheet does not read as a formula, injectively.

None of them raises on any ``str``, lone surrogates included (undecodable bytes in a file
name come back from ``os.listdir`` as surrogate escapes ``\\udc80``..``\\udcff``).
"""

from __future__ import annotations

import hashlib
import re

MESSAGE_LIMIT = 400   # characters of one message in grades.csv and the feedback pages

# Escape sequences a terminal (VT100, xterm) acts on, as ECMA-48 defines them, in the order
# they must be tried:
# - control strings (OSC, DCS, SOS, PM, APC): introducer, anything, then BEL or ST; an
#   unterminated one swallows the rest of the text, as it would on a terminal;
# - CSI: ``ESC [`` (or the 8-bit CSI) with parameter bytes, intermediate bytes, a final byte;
# - any other ``ESC`` sequence (``ESC ( B``, ``ESC 7``, ``ESC c``, a lone ``ESC``).
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|\Z)"
    r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?",
    re.DOTALL)
# C0 controls, DEL and C1 controls: a space each (so that words do not run together), then
# whitespace is collapsed. Tab, newline and carriage return are among them.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Unicode's bidirectional embeddings, overrides, isolates and marks: they reorder what a
# reader sees (a "passed" that is stored as "dessap"), so they are removed.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# What file_name escapes besides non-printable characters: the path separators, '%' (its
# own escape character) and the characters Windows refuses in names (results are often
# copied there).
_FILE_NAME_RESERVED = set('%/\\:*?"<>|')
_FILE_NAME_MAX_BYTES = 200   # below the 255 bytes of most filesystems, with room for a suffix

# Cells a spreadsheet reads as a formula start with one of these (OWASP's list); the
# neutralising quote is in the list too, so that csv_cell stays injective.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def without_surrogates(text: str) -> str:
    """``text`` with surrogate pairs joined into their character and every lone surrogate
    replaced by U+FFFD, so that it encodes as UTF-8 (``"\\ud800"`` cannot)."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def without_escape_sequences(text: str) -> str:
    """``text`` without the terminal escape sequences of ECMA-48 (CSI, OSC and the other
    control strings, any other ESC sequence), which could move the cursor, erase lines,
    hide text or set a window title on the instructor's terminal."""
    return _ESCAPE_SEQUENCE.sub("", text)


def clean_message(text: object, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` as one safe line of at most ``limit`` characters.

    Lone surrogates become U+FFFD, terminal escape sequences are removed, other control
    characters (C0, DEL, C1) become spaces, bidi controls are removed, whitespace runs become
    one space, and a longer text is cut and ends with "...". The result encodes as UTF-8 and
    contains no control character; cleaning it again changes nothing.
    """
    text = without_escape_sequences(without_surrogates(str(text)))
    text = _BIDI.sub("", _CONTROL.sub(" ", text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: max(limit - 3, 0)].rstrip() + "..."


def _escape_char(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable_id(name: str) -> str:
    """The printable form of a student id (a student folder's name), one-to-one.

    Every character that is not printable (controls, surrogate escapes of undecodable
    bytes, bidi and other format characters, separators other than the space) is shown as a
    Python-style escape (``\\x1b``, ``\\udcff``, ``\\u202e``), and the backslash itself as
    ``\\\\``, so that two different names never give the same id: ``bob\\1`` (a backslash)
    prints as ``bob\\\\1``, a folder whose name holds the byte 0x01 as ``bob\\x01``.
    Printable names without a backslash (``Zoë ünïcode``) are unchanged.
    """
    return "".join("\\\\" if char == "\\" else char if char.isprintable() else _escape_char(char)
                   for char in name)


def ensure_printable(name: str) -> str:
    """``name`` if it is printable, else :func:`printable_id` of it.

    A guard where an id should already be printable (rows, results, the gradebook): it
    changes nothing for ids derived by :func:`printable_id`, and keeps a raw name that
    slipped through from ever carrying a control character to a file or a terminal.
    """
    return name if name.isprintable() else printable_id(name)


def _percent(char: str) -> str:
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))


def file_name(name: str) -> str:
    """``name`` (a student id) as one file-name component, one-to-one.

    ``%``, the path separators ``/`` and ``\\``, the characters Windows refuses
    (``:*?"<>|``), every non-printable character and a leading ``.`` are percent-encoded (the
    UTF-8 bytes of the character, surrogates included), so ``bob\\1`` and ``bob_1`` get
    different files, ``.`` and ``..`` become ``%2E`` and ``%2E.``, and readable names
    (``Zoë ünïcode``) stay as they are. The empty name is ``%``, which no other name gives.
    A result longer than 200 bytes is cut and ends with ``%%`` and 32 hex digits of the
    name's SHA-256 (``%%`` never occurs otherwise), under the 255 bytes filesystems allow.
    Names that differ only in letter case stay different here, but a case-insensitive
    filesystem (macOS, Windows) would merge them: grade on a case-sensitive one.
    """
    if not name:
        return "%"
    parts = [_percent(char) if char in _FILE_NAME_RESERVED or not char.isprintable() else char
             for char in name]
    if parts[0] == ".":
        parts[0] = _percent(".")
    encoded = "".join(parts)
    if len(encoded.encode("utf-8")) <= _FILE_NAME_MAX_BYTES:
        return encoded
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    kept, size = [], 0
    for part in parts:   # whole characters (and whole %XX groups) only
        size += len(part.encode("utf-8"))
        if size > _FILE_NAME_MAX_BYTES - 34:
            break
        kept.append(part)
    return "".join(kept) + "%%" + digest


def csv_cell(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet evaluates, one-to-one.

    A cell that starts with ``= + - @``, a tab or a carriage return is a formula (or becomes
    one) in Excel, LibreOffice and Google Sheets (``=HYPERLINK(...)``); it gets a leading
    ``'``, which spreadsheets show as text. A cell that already starts with ``'`` gets one
    too, so that stripping one leading quote always gives the original back.
    """
    return "'" + text if text.startswith(_FORMULA_START) else text
