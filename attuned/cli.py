"""The ``attuned`` command: what instructors and CI run.

Each subcommand is a thin shell over a package function, prints plain sentences, and exits
non-zero with a one-line reason on bad input — never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _validate(args: argparse.Namespace) -> int:
    from attuned.validate import validate_paths

    problems, checked = validate_paths([Path(p) for p in args.paths] if args.paths else None, repo=REPO)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {checked} file{'s' if checked != 1 else ''}.",
              file=sys.stderr)
        return 1
    print(f"All {checked} content files are valid." if checked != 1 else "The content file is valid.")
    return 0


def _build(args: argparse.Namespace) -> int:
    from attuned.notebook_builder import build_all

    for path in build_all(REPO, Path(args.out) if args.out else None):
        print(f"wrote {path}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from attuned.demo import run_demo

    return run_demo(REPO, Path(args.out), modules=args.module or None)


def _report(args: argparse.Namespace) -> int:
    from attuned.analytics import write_report

    out = write_report(Path(args.course), Path(args.out))
    print(f"Cohort report written to {out}")
    return 0


def _course_map(args: argparse.Namespace) -> int:
    from attuned.course_map import course_map_markdown, update_readme

    if args.check:
        readme = REPO / "README.md"
        if update_readme(readme, write=False):
            print("README.md course map is out of date: run `attuned course-map --write`.", file=sys.stderr)
            return 1
        print("README.md course map is up to date.")
        return 0
    if args.write:
        update_readme(REPO / "README.md", write=True)
        print("README.md course map updated.")
        return 0
    print(course_map_markdown())
    return 0


def _privacy(args: argparse.Namespace) -> int:
    from attuned.privacy import main as privacy_main

    return privacy_main(args.paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="attuned", description="Attuned course tools for instructors and CI.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check content files; prints `file: field.path: reason` per problem")
    p.add_argument("paths", nargs="*", help="YAML files or folders (default: all course content and keys)")
    p.set_defaults(func=_validate)

    p = sub.add_parser("build", help="write the nbgrader source notebooks from the content files")
    p.add_argument("--out", help="folder to write into (default: source/)")
    p.set_defaults(func=_build)

    p = sub.add_parser("demo", help="run nbgrader's whole cycle with simulated trainees in a throwaway course")
    p.add_argument("--out", default="demo-output", help="where grades.csv and feedback go (default: demo-output)")
    p.add_argument("--module", action="append", help="only this module folder (repeatable)")
    p.set_defaults(func=_demo)

    p = sub.add_parser("report", help="cohort report (HTML, CSV, PNG) from a course folder's gradebook and logs")
    p.add_argument("--course", default=".", help="the nbgrader course folder (with gradebook.db)")
    p.add_argument("--out", default="report", help="output folder")
    p.set_defaults(func=_report)

    p = sub.add_parser("course-map", help="print the course map, or check/update the README's copy")
    p.add_argument("--check", action="store_true", help="exit 1 if README.md's map is out of date")
    p.add_argument("--write", action="store_true", help="rewrite README.md's map")
    p.set_defaults(func=_course_map)

    p = sub.add_parser("check-privacy", help="flag likely identifying details in reflections (nothing leaves this machine)")
    p.add_argument("paths", nargs="+", help="notebooks to check")
    p.set_defaults(func=_privacy)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the CLI speaks in sentences, not tracebacks
        from attuned.problems import ContentError

        if isinstance(exc, ContentError):
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            return 1
        print(f"attuned {args.command}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
