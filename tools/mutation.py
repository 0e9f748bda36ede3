"""`python -m tools.mutation`: would a test notice if a rule of the core changed?

Mutation testing: Cosmic Ray changes one thing at a time in a core module (a mutant: `<=` for `<`,
a number plus one, `or` for `and`, `-x` for `x`), runs that module's quick tests against it, and
counts the mutants no test noticed. This prints the share killed per module and every survivor.

Cosmic Ray rather than mutmut: mutmut 3 changes only code inside functions, and three of the four
rules issue #27 found untested are module constants (the photo reader's ``_NEAR``, My digits'
``_MAX_TEXT``, the warp's ``_GRID``); Cosmic Ray changes those too. Its price is a test process per
mutant: 3.9 s of processor time each on the warp's tests, most of it imports, an hour for the 936
mutants here, and more once the slower modules' tests run in full. Four things cut that down:

- each test run is a fork of a server that has imported the libraries already (:mod:`tools.mutation_server`),
  so only this repository's modules are read anew, from the mutated files;
- only the module's mirror tests run (``tests/<sub>/test_<module>*.py``), up to the first failure;
- each operator is replaced by its nearest kin only (``tools/mutation.toml``);
- the copy's modules are compiled once, to bytecode checked by a hash of the source (:func:`compile_checked`).

Every module is mutated in its own copy of the work tree under ``.mutation/`` (git-ignored), never
in the checkout: Cosmic Ray writes each mutant into the file, and anything else running meanwhile
would read it. Its session stays there for ``cr-report .mutation/<module>/session.sqlite --show-diff``.
Not part of CI: a study of the tests, recorded in docs/studies/mutation.md.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tools.mutation_server import NO_SERVER, SOCKET

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = ROOT / ".mutation"
CONFIG = ROOT / "tools" / "mutation.toml"

#: The core modules whose rules the tests must guard, by their path under digit_model/.
MODULES = [
    "inputs/recipe",  # the MNIST recipe
    "inputs/photo",  # photos of paper
    "inputs/uploads",  # reading uploaded files
    "personal/my_digits",  # My digits
    "personal/model",  # the personal model
    "evaluation/calibration",  # calibration
    # The number reader (read_number) and the parts it reads with:
    "numbers/reading",
    "numbers/split",
    "numbers/pieces",
    "numbers/ink",
    "numbers/strokes",
    # The non-digit reader (looks_like_a_digit) and its networks. Not the generators of the
    # benchmarks' and the networks' drawings (numbers/synthetic, novelty/drawings, negatives):
    # they read nothing a visitor draws, and a study measures what they make.
    "novelty/check",
    "novelty/discriminator",
]
_SLOWER = 5  # a mutant's tests may take this many times the unmutated run's before they count as hung
_COPIED = ["digit_model", "tests", "tools", "pytest.ini"]


@dataclass(frozen=True)
class Target:
    """One core module to mutate and the tests that mirror it."""

    name: str  # e.g. "inputs/photo"
    tests: tuple[str, ...]  # paths from the repository's root

    @property
    def source(self) -> str:
        return f"digit_model/{self.name}.py"

    @property
    def folder(self) -> Path:
        return SCRATCH / self.name.replace("/", "_")


def mirror_tests(name: str) -> tuple[str, ...]:
    """``tests/<sub>/test_<module>.py`` and its companions ``test_<module>_*.py`` (e.g. ``_rules``)."""
    sub, module = name.rsplit("/", 1)
    found = [*ROOT.glob(f"tests/{sub}/test_{module}.py"), *ROOT.glob(f"tests/{sub}/test_{module}_*.py")]
    return tuple(sorted(str(path.relative_to(ROOT)) for path in found))


def targets(names: list[str]) -> tuple[list[Target], list[str]]:
    """The modules to mutate, ``sub/*`` standing for every module of a package; and those left out for want of tests."""
    chosen, untested = [], []
    for name in names:
        if name.endswith("/*"):
            sub = name[:-2]
            modules = [f"{sub}/{path.stem}" for path in sorted((ROOT / "digit_model" / sub).glob("*.py"))
                       if path.stem != "__init__"]
        elif (ROOT / "digit_model" / f"{name}.py").is_file():
            modules = [name]
        else:
            raise SystemExit(f"There is no core module digit_model/{name}.py to mutate.")
        for module in modules:
            tests = mirror_tests(module)
            if tests:
                chosen.append(Target(module, tests))
            else:
                untested.append(module)
    return chosen, untested


# ---------------------------------------------------------------- running one module's mutants


def prepare(target: Target) -> int:
    """Copy the work tree into the target's folder and list its mutants there; returns how many will run."""
    from cosmic_ray.config import load_config, serialize_config

    shutil.rmtree(target.folder, ignore_errors=True)
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *_COPIED],
                            cwd=ROOT, check=True, capture_output=True, text=True).stdout.split("\0")
    for path in filter(None, listed):
        if (ROOT / path).is_file():  # a file deleted in the work tree is still listed by git
            (target.folder / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / path, target.folder / path)
    compile_checked(target.folder)
    config = load_config(str(CONFIG))
    config["module-path"] = target.source
    config["test-command"] = config["test-command"].replace("{tests}", " ".join(target.tests))
    (target.folder / "config.toml").write_text(serialize_config(config))
    for command in (["cosmic-ray", "init", "config.toml", "session.sqlite"],
                    ["cr-filter-operators", "session.sqlite", "config.toml"]):
        subprocess.run(command, cwd=target.folder, check=True, capture_output=True)
    return sum(1 for result in _results(target) if result[1] is None or result[1].worker_outcome != "skipped")


def compile_checked(folder: Path) -> None:
    """Compile the copy's modules once, to bytecode checked against a hash of its source.

    Every mutant's tests import this repository's modules anew; reading them compiled saves each
    mutant a compilation of them all. A hash, not the file's time and size, says whether the
    bytecode is still that of the source, so the mutated module (written in the same second, of the
    same size) is compiled from its changed source, and never written back (the server writes none).
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", "--invalidation-mode", "checked-hash",
                    *[name for name in _COPIED if (folder / name).is_dir()]], cwd=folder, check=True, capture_output=True)


def run(target: Target) -> float:
    """Run every mutant of the target against its tests; returns the seconds it took."""
    from cosmic_ray.config import load_config, serialize_config

    start = time.perf_counter()
    with open(target.folder / "exec.log", "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "tools.mutation_server", "--serve", *target.tests], cwd=target.folder,
                                  stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_for(target.folder / SOCKET, server)
            config = load_config(str(target.folder / "config.toml"))
            # The unmutated tests must pass, and they set the time after which a mutant counts as hung.
            baseline = time.perf_counter()
            unmutated = subprocess.run(shlex.split(config["test-command"]), cwd=target.folder,
                                       capture_output=True, text=True, check=False)
            if unmutated.returncode != 0:
                raise SystemExit(f"The tests of {target.source} fail without any mutant:\n{unmutated.stdout[-3000:]}")
            config["timeout"] = max(float(config["timeout"]), _SLOWER * (time.perf_counter() - baseline))
            (target.folder / "config.toml").write_text(serialize_config(config))
            subprocess.run(["cosmic-ray", "exec", "config.toml", "session.sqlite"], cwd=target.folder,
                           stdout=log, stderr=subprocess.STDOUT, check=True)
            if server.poll() is not None:
                raise SystemExit(f"The test server of {target.source} stopped midway; see {target.folder}/exec.log.")
        finally:
            server.terminate()
            server.wait()
    return time.perf_counter() - start


def _wait_for(path: Path, server: subprocess.Popen) -> None:
    while not path.exists():
        if server.poll() is not None:
            raise SystemExit(f"The test server stopped; see {path.parent / 'exec.log'}.")
        time.sleep(0.1)


def _results(target: Target) -> list:
    """(work item, result or None) for every mutant of the target's session."""
    from cosmic_ray.work_db import WorkDB, use_db

    with use_db(str(target.folder / "session.sqlite"), WorkDB.Mode.open) as db:
        return [*db.completed_work_items, *((item, None) for item in db.pending_work_items)]


# ---------------------------------------------------------------- the report


def score(target: Target) -> dict:
    """Mutants tested, killed (of which by a hang), survived; and the survivors as ``path:line`` and the change."""
    counts = {"tested": 0, "killed": 0, "hung": 0, "survived": 0, "errors": 0}
    survivors = []
    for item, result in _results(target):
        if result is None or result.worker_outcome in ("skipped", "no-test"):
            continue
        counts["tested"] += 1
        if result.worker_outcome != "normal" or result.test_outcome == "incompetent" or NO_SERVER in result.output:
            counts["errors"] += 1  # the mutant could not be applied or the tests not started: a fault here
        elif result.test_outcome == "killed":
            counts["killed"] += 1
            counts["hung"] += result.output == "timeout"
        else:
            counts["survived"] += 1
            survivors.append(_change(item, result.diff))
    return counts | {"survivors": survivors}


def _change(item, diff: str) -> str:
    mutation = item.mutations[0]
    old = [line[1:].strip() for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    new = [line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    operator = mutation.operator_name.removeprefix("core/")
    where = f"{mutation.module_path}:{mutation.start_pos[0]}"
    return f"{where}  {operator}\n      - {' / '.join(old)}\n      + {' / '.join(new)}"


def report(scores: dict[str, dict], seconds: dict[str, float]) -> str:
    lines = [f"{'module':<28}{'mutants':>8}{'killed':>8}{'hung':>6}{'survived':>10}{'score':>8}{'minutes':>9}"]
    for name, counts in scores.items():
        judged = counts["killed"] + counts["survived"]
        share = f"{100 * counts['killed'] / judged:.1f}%" if judged else "-"
        lines.append(f"{name:<28}{counts['tested']:>8}{counts['killed']:>8}{counts['hung']:>6}{counts['survived']:>10}"
                     f"{share:>8}{f'{seconds[name] / 60:.1f}' if name in seconds else '-':>9}")
        if counts["errors"]:
            lines.append(f"  {counts['errors']} mutants could not be tested: see the session's output")
    for name, counts in scores.items():
        if counts["survivors"]:
            lines.append(f"\nSurvivors in digit_model/{name}.py:")
            lines.extend(f"  {survivor}" for survivor in counts["survivors"])
    return "\n".join(lines)


# ---------------------------------------------------------------- the command


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tools.mutation", description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=MODULES, metavar="MODULE",
                        help="core modules by their path under digit_model/, e.g. inputs/photo, or numbers/* "
                             "(default: the list in tools/mutation.py)")
    parser.add_argument("--jobs", type=int, default=2, help="modules mutated at once (default: 2)")
    parser.add_argument("--list", action="store_true", help="only list the modules and their tests")
    parser.add_argument("--report", action="store_true", help="only print the scores of the modules' last run")
    args = parser.parse_args(argv)
    chosen, untested = targets(args.modules)
    for name in untested:
        print(f"left out: digit_model/{name}.py has no mirror tests yet")
    if args.list:
        for target in chosen:
            print(f"{target.source}: {' '.join(target.tests)}")
        return
    if args.report:
        print(report({target.name: score(target) for target in chosen}, {}))
        return
    start = time.perf_counter()
    with ThreadPoolExecutor(args.jobs) as pool:
        sizes = dict(zip(chosen, pool.map(prepare, chosen)))
        print(f"{sum(sizes.values())} mutants in {len(chosen)} modules, {args.jobs} at a time", flush=True)
        largest_first = sorted(chosen, key=sizes.get, reverse=True)
        seconds = dict(zip((target.name for target in largest_first), pool.map(run, largest_first)))
    scores = {target.name: score(target) for target in chosen}
    print(report(scores, seconds))
    used = os.times()  # the servers, their forks and Cosmic Ray have all been waited for: counted here
    print(f"\n{(time.perf_counter() - start) / 60:.1f} minutes in all, "
          f"{(used.children_user + used.children_system) / 60:.1f} minutes of processor time")


if __name__ == "__main__":
    main()
