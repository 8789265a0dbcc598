"""Copy the built DKFDS assets the site uses from frontend/node_modules into static/dkfds/.

Run by `make install` after `npm ci --prefix frontend`. Only what the pages need is copied:
the minified css and js, every file the css refers to with url(...) (fonts and icons: the
production static storage rewrites those references and fails on a missing file), the
icon sprite and the licence. Source-map comments are dropped (the maps are not shipped).
"""
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "frontend" / "node_modules" / "dkfds" / "dist"
TARGET = ROOT / "static" / "dkfds"
MAP_COMMENT = re.compile(r"\n?(/\*# sourceMappingURL=[^*]*\*/|//# sourceMappingURL=\S+)\s*$")
URL = re.compile(r"url\(\s*['\"]?([^'\")?#]+)")


def main() -> int:
    if not DIST.is_dir():
        print(f"copy_dkfds: {DIST} is missing; run `npm ci --prefix frontend`", file=sys.stderr)
        return 1
    if TARGET.exists():
        shutil.rmtree(TARGET)
    (TARGET / "css").mkdir(parents=True)
    (TARGET / "js").mkdir(parents=True)
    css = MAP_COMMENT.sub("", (DIST / "css" / "dkfds.min.css").read_text(encoding="utf-8"))
    (TARGET / "css" / "dkfds.min.css").write_text(css, encoding="utf-8")
    js = MAP_COMMENT.sub("", (DIST / "js" / "dkfds.min.js").read_text(encoding="utf-8"))
    (TARGET / "js" / "dkfds.min.js").write_text(js, encoding="utf-8")
    wanted = {"img/all-svg-icons.svg", "LICENSE.md"}
    wanted |= {str((Path("css") / ref).resolve().relative_to(Path("css").resolve().parent))
               for ref in URL.findall(css) if not ref.startswith("data:")}
    for rel in sorted(wanted):
        source = DIST / rel
        if not source.is_file():
            print(f"copy_dkfds: {rel} is referenced but not in the package", file=sys.stderr)
            return 1
        (TARGET / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, TARGET / rel)
    print(f"copy_dkfds: {len(wanted) + 2} files into {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
