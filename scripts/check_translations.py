"""Regenerate the message catalogues and check that they are complete.

Fails (exit 1) when
- regenerating a catalogue changes its entries: a string was added to or
  removed from the code without running ``makemessages`` (headers and
  source locations are ignored);
- an entry is fuzzy or has an empty translation, counting every plural form
  that the catalogue's header declares.

Run from the repository root inside the project's virtualenv.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

LANGUAGES = ("pl", "en")
ROOT = Path(__file__).resolve().parent.parent
MAKEMESSAGES = [
    sys.executable,
    "manage.py",
    "makemessages",
    "--no-location",
    "--no-obsolete",
    "--ignore=.venv/*",
    "--ignore=.local/*",
    "--ignore=tests/*",
    "--ignore=bench/*",
]


def _entries(path: Path) -> set[tuple[str, str, str]]:
    return {(e.msgctxt or "", e.msgid, e.msgid_plural or "") for e in polib.pofile(str(path))}


def _nplurals(catalogue: polib.POFile) -> int:
    forms = catalogue.metadata.get("Plural-Forms", "")
    for part in forms.split(";"):
        name, _sep, value = part.strip().partition("=")
        if name.strip() == "nplurals":
            return int(value)
    raise SystemExit(f"{catalogue.fpath}: no nplurals in the Plural-Forms header")


def _incomplete(path: Path) -> list[str]:
    catalogue = polib.pofile(str(path))
    nplurals = _nplurals(catalogue)
    problems = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural:
            missing = [i for i in range(nplurals) if not entry.msgstr_plural.get(i)]
            if missing:
                problems.append(f"plural forms {missing} empty: {entry.msgid!r}")
        elif not entry.msgstr:
            problems.append(f"untranslated: {entry.msgid!r}")
    return problems


def main() -> int:
    failed = False
    catalogues = {code: ROOT / "locale" / code / "LC_MESSAGES" / "django.po" for code in LANGUAGES}
    with tempfile.TemporaryDirectory() as backup:
        before = {}
        for code, path in catalogues.items():
            if not path.exists():
                print(f"{path.relative_to(ROOT)} is missing; run makemessages -l {code}")
                return 1
            shutil.copy(path, Path(backup) / f"{code}.po")
            before[code] = _entries(path)
        subprocess.run(
            [*MAKEMESSAGES, *[f"--locale={code}" for code in LANGUAGES]],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        for code, path in catalogues.items():
            after = _entries(path)
            added, removed = after - before[code], before[code] - after
            if added or removed:
                failed = True
                print(f"locale/{code}: catalogue out of date with the code")
                for _ctx, msgid, _plural in sorted(added):
                    print(f"  not extracted yet: {msgid!r}")
                for _ctx, msgid, _plural in sorted(removed):
                    print(f"  no longer in the code: {msgid!r}")
            else:
                # Keep the committed file as it was (only dates and order
                # would differ).
                shutil.copy(Path(backup) / f"{code}.po", path)
            for problem in _incomplete(path):
                failed = True
                print(f"locale/{code}: {problem}")
    if failed:
        print("Translations: FAILED (run makemessages, translate, commit)")
        return 1
    print("Translations: complete and up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
