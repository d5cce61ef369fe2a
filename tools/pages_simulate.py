"""Run the GitHub Pages workflow's steps here, as GitHub would on fresh runners with an
empty cache, and check that the archive survives.

    .venv/bin/python tools/pages_simulate.py [--workdir DIR]

What it does, all on this machine (127.0.0.1, no internet):
- a bare git repository stands in for GitHub: this project's files (as they are in the
  working tree) plus a sources.yml naming one feed are pushed to its `main`;
- a feed server on 127.0.0.1 serves three stories on day 1 and two other ones on day 2
  (yesterday's have left the feed, as they do);
- day 1 (a scheduled run), day 2 (another, on a fresh clone: no runner state and no
  Actions cache survive) and a pull request run each clone the remote and run the `run:`
  steps of .github/workflows/pages.yml in order, with the same shell (bash -eo pipefail),
  step conditions, `continue-on-error`, GITHUB_ENV/GITHUB_PATH and `env:` values. The
  `uses:` steps are stood in for: checkout is the clone, configure-pages gives a base
  URL, upload-pages-artifact copies site/, deploy-pages (run only when the deploy job's
  condition holds) copies that to deployed/. The install step puts this project's .venv on
  PATH instead of installing, and `make test-fast` is left to the caller (slow, and the
  tests are what calls this).

It fails (exit 1, one line) unless the site deployed on day 2 lists all five stories, the
data branch holds their articles and briefings, and the pull request run deployed and
saved nothing. Expressions it does not know in the workflow are an error, not a guess.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from email.utils import formatdate
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from generator.output.slugs import slugify  # noqa: E402 - the project's own rule for file names

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
BASE_URL = "https://example.github.io/briefings/"
PLACES = ["Ashcombe", "Brindle", "Colwick", "Dunmore", "Elstow"]
SKIPPED = ("Run the fast tests",)


class SimulationError(Exception):
    """The workflow did something a real run must not: one line for the user."""


def story(n: int) -> tuple[str, str]:
    """A plain news story of about 60 words (our own text): (title, text)."""
    place = PLACES[n % len(PLACES)]
    title = f"{place} council approves repairs to the old footbridge"
    text = (f"The council of {place} voted on Monday to repair the old footbridge over the river, "
            f"according to a statement published after the meeting. The repairs will cost {n + 2} million "
            f"pounds and take {n + 1} months.\n\n"
            f"Council member Ruth Okafor said the bridge would stay open to walkers during the work. "
            f"Residents can comment on the plan until the end of the month, the statement said.")
    return title, text


def rss(base: str, numbers: list[int]) -> str:
    items = []
    for n in numbers:
        title, text = story(n)
        html = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
        items.append(f"<item><title>{escape(title)}</title><link>{base}/story/{n}.html</link>"
                     f"<guid>urn:simulated:{n}</guid><pubDate>{formatdate(1_704_067_200 + n * 86_400, usegmt=True)}"
                     f"</pubDate><description>{escape(text[:100])}</description>"
                     f"<content:encoded><![CDATA[{html}]]></content:encoded></item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Simulated Gazette</title>'
            f"<link>{base}/</link><description>Stories</description>{''.join(items)}</channel></rss>")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def feed_server(folder: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)
    if result.returncode != 0:
        raise SimulationError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout.strip()


GIT_ENV = {"GIT_AUTHOR_NAME": "Simulation", "GIT_AUTHOR_EMAIL": "sim@127.0.0.1",
           "GIT_COMMITTER_NAME": "Simulation", "GIT_COMMITTER_EMAIL": "sim@127.0.0.1",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def make_remote(work: Path, feed_url: str) -> Path:
    """A bare repository with this project's files (working tree, untracked ones too) on main."""
    remote, source = work / "remote.git", work / "source"
    files = git("ls-files", "-co", "--exclude-standard", "-z", cwd=ROOT).split("\0")
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    (source / "sources.yml").write_text(yaml.safe_dump({
        "settings": {"delay": 0, "allow_private_addresses": True},  # the feed is on 127.0.0.1
        "feeds": [{"url": feed_url + "/feed.xml", "name": "Simulated Gazette"}]}), encoding="utf-8")
    env = {**os.environ, **GIT_ENV}
    git("init", "--quiet", "--bare", "--initial-branch=main", str(remote), cwd=work, env=env)
    git("init", "--quiet", "--initial-branch=main", cwd=source, env=env)
    git("add", "--all", cwd=source, env=env)
    git("commit", "--quiet", "-m", "project", cwd=source, env=env)
    git("push", "--quiet", str(remote), "main", cwd=source, env=env)
    return remote


# -- the workflow's expressions: the few forms it uses, nothing guessed ---------------------


def _hash_files(workspace: Path, patterns: list[str]) -> str:
    paths = sorted({p for pattern in patterns for p in glob.glob(str(workspace / pattern), recursive=True)
                    if Path(p).is_file()})
    if not paths:
        return ""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return digest.hexdigest()


def expression(text: str, ctx: dict) -> str:
    """The value of a `${{ }}` expression (without the braces)."""
    text = text.strip()
    if m := re.fullmatch(r"(secrets|vars)\.(\w+)", text):
        return ""  # no secrets: the offline backend, as in a repository without them
    if m := re.fullmatch(r"steps\.(\w+)\.outputs\.(\w+)", text):
        return ctx["outputs"].get(m.group(1), {}).get(m.group(2), "")
    if text == "github.event_name":
        return ctx["event"]
    if text == "github.run_id":
        return ctx["run_id"]
    if m := re.fullmatch(r"hashFiles\((.*)\)", text):
        return _hash_files(ctx["workspace"], re.findall(r"'([^']*)'", m.group(1)))
    raise SimulationError(f"the simulation does not know the expression {text!r}; teach it")


def substitute(value: str, ctx: dict) -> str:
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: expression(m.group(1), ctx), str(value))


def condition(text: str | None, ctx: dict, failed: bool) -> bool:
    """A step's `if:`: terms joined by &&; without a status function, only after success."""
    if text is None:
        return not failed
    status_given = False
    for term in (t.strip() for t in str(text).split("&&")):
        if term in ("!cancelled()", "always()"):
            status_given = True
        elif term == "success()":
            status_given, ok = True, not failed
            if not ok:
                return False
        elif m := re.fullmatch(r"(.+?)\s*(==|!=)\s*'([^']*)'", term):
            value = expression(m.group(1), ctx)
            if (value == m.group(3)) != (m.group(2) == "=="):
                return False
        else:
            raise SimulationError(f"the simulation does not know the condition {term!r}; teach it")
    return status_given or not failed


# -- one workflow run -----------------------------------------------------------------------


def run_workflow(work: Path, remote: Path, name: str, event: str, run_id: int, workflow_file: Path = WORKFLOW) -> dict:
    """Clone, run the build job's steps, then the deploy job when its condition holds.
    Returns what happened: the steps' logs, whether it deployed."""
    workflow = yaml.safe_load(workflow_file.read_text(encoding="utf-8"))
    runner = work / name
    if runner.exists():
        shutil.rmtree(runner)
    workspace, temp = runner / "workspace", runner / "temp"
    temp.mkdir(parents=True)
    files = {k: temp / f"{k}.txt" for k in ("env", "path", "output")}
    for f in files.values():
        f.touch()
    ctx = {"outputs": {}, "event": event, "run_id": str(run_id), "workspace": workspace}
    env_base = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFING", "GITHUB_"))}
    env_base.update(GIT_ENV, **{k: substitute(v, ctx) for k, v in (workflow.get("env") or {}).items()})
    env_base.update(GITHUB_ENV=str(files["env"]), GITHUB_PATH=str(files["path"]), GITHUB_OUTPUT=str(files["output"]),
                    GITHUB_EVENT_NAME=event, GITHUB_RUN_ID=str(run_id), GITHUB_WORKSPACE=str(workspace),
                    RUNNER_TEMP=str(temp), CI="true")
    log: list[str] = []
    failed = False
    for step in workflow["jobs"]["build"]["steps"]:
        title = step.get("name") or step.get("uses", "")
        if not condition(step.get("if"), ctx, failed):
            log.append(f"skipped (condition): {title}")
            continue
        uses = step.get("uses", "")
        if uses.startswith("actions/checkout@"):
            git("clone", "--quiet", "--depth=1", "--branch", "main", f"file://{remote}", str(workspace), cwd=work,
                env={**os.environ, **GIT_ENV})
        elif uses.startswith("actions/setup-python@"):
            pass  # this interpreter and its .venv
        elif uses.startswith("actions/configure-pages@"):
            ctx["outputs"][step.get("id", "")] = {"base_url": BASE_URL}
        elif uses.startswith("actions/cache@"):
            pass  # empty: evicted (GitHub drops entries unused for 7 days); what it saves goes with the runner
        elif uses.startswith("actions/upload-pages-artifact@"):
            shutil.copytree(workspace / step["with"]["path"], runner / "artifact")
        elif uses:
            raise SimulationError(f"the simulation does not know the action {uses}; teach it")
        elif title.startswith(SKIPPED):
            log.append(f"left to the caller: {title}")
        elif title.startswith("Install") or "pip install" in step.get("run", ""):
            with files["path"].open("a") as handle:  # what the step does after installing
                handle.write(str(Path(sys.executable).parent) + "\n")
        else:
            code = _run_step(step, ctx, env_base, files, workspace)
            log.append(f"exit {code}: {title}")
            if code != 0 and not step.get("continue-on-error"):
                failed = True
    deploy = workflow["jobs"]["deploy"]
    deployed = not failed and condition(deploy.get("if"), ctx, failed)
    if deployed:
        target = work / "deployed"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(runner / "artifact", target)
    return {"log": log, "failed": failed, "deployed": deployed}


def _run_step(step: dict, ctx: dict, env_base: dict, files: dict, workspace: Path) -> int:
    env = dict(env_base)
    for line in files["env"].read_text().splitlines():  # what earlier steps exported
        if "=" in line:
            key, value = line.split("=", 1)
            env[key] = value
    extra_path = [p for p in files["path"].read_text().splitlines() if p]
    env["PATH"] = os.pathsep.join([*reversed(extra_path), env_base["PATH"]])
    env.update({k: substitute(v, ctx) for k, v in (step.get("env") or {}).items()})
    script = workspace.parent / "temp" / "step.sh"
    script.write_text(substitute(step["run"], ctx))
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=workspace,
                            env=env, capture_output=True, text=True, timeout=900)
    with (workspace.parent / "steps.log").open("a", encoding="utf-8") as handle:
        handle.write(f"--- {step.get('name')}: exit {result.returncode}\n{result.stdout}{result.stderr}")
    return result.returncode


# -- the checks -----------------------------------------------------------------------------


def archive(remote: Path) -> tuple[str, list[str]]:
    """The data branch's head and its files ('' and [] when it does not exist)."""
    heads = git("for-each-ref", "--format=%(objectname)", "refs/heads/data", cwd=remote)
    if not heads:
        return "", []
    return heads, git("ls-tree", "-r", "--name-only", "refs/heads/data", cwd=remote).splitlines()


def simulate(work: Path, workflow_file: Path = WORKFLOW) -> list[str]:
    """Day 1, day 2 (fresh runner, empty cache), a pull request; the report, line by line."""
    feed_dir = work / "feed"
    feed_dir.mkdir(parents=True)
    report = []
    with feed_server(feed_dir) as base:
        remote = make_remote(work, base)
        days = {"day-1": [1, 2, 3], "day-2": [4, 5]}
        for run_id, (name, numbers) in enumerate(days.items(), 1):
            (feed_dir / "feed.xml").write_text(rss(base, numbers), encoding="utf-8")
            done = run_workflow(work, remote, name, "schedule", run_id, workflow_file)
            report.append(f"{name}: {'failed' if done['failed'] else 'ok'}, "
                          f"{'deployed' if done['deployed'] else 'not deployed'}; " + "; ".join(done["log"]))
            if done["failed"] or not done["deployed"]:
                raise SimulationError(f"{name} did not deploy: see {work / name / 'steps.log'}")
            shutil.rmtree(work / name)  # the runner is gone, and with it anything the cache held
        head, files = archive(remote)
        home = (work / "deployed" / "index.html").read_text(encoding="utf-8")
        missing = [n for n in range(1, 6) if escape(story(n)[0]) not in home]
        if missing:
            raise SimulationError(f"the site deployed on day 2 lacks stories {missing}: the archive was lost")
        fetched = [f for f in files if f.startswith("seeds/fetched/") and f.endswith(".md")]
        lost = [n for n in range(1, 6) if f"briefings/{slugify(story(n)[0], '')}.json" not in files]
        if len(fetched) != 5 or lost or "seeds/fetched/.fetched.json" not in files:
            raise SimulationError(f"the data branch holds {len(fetched)} fetched articles, not 5 with the fetch "
                                  f"record, or lacks the briefings of stories {lost}")
        report.append(f"archive: data branch {head[:12]} holds the 5 fetched articles, their fetch record and "
                      "briefings; the site deployed on day 2 lists all 5 stories")

        before = (work / "deployed" / "index.html").stat().st_mtime_ns
        done = run_workflow(work, remote, "pull-request", "pull_request", 3, workflow_file)
        report.append(f"pull-request: {'failed' if done['failed'] else 'ok'}, "
                      f"{'deployed' if done['deployed'] else 'not deployed'}; " + "; ".join(done["log"]))
        if done["failed"] or not (work / "pull-request" / "artifact" / "index.html").is_file():
            raise SimulationError(f"the pull request did not build: see {work / 'pull-request' / 'steps.log'}")
        if done["deployed"] or (work / "deployed" / "index.html").stat().st_mtime_ns != before:
            raise SimulationError("a pull request deployed the site")
        if archive(remote)[0] != head:
            raise SimulationError("a pull request wrote to the data branch")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, help="keep everything here (default: a temporary folder)")
    parser.add_argument("--workflow", type=Path, default=WORKFLOW, help="the workflow file (default: pages.yml)")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        work = args.workdir or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pages-sim-")))
        work.mkdir(parents=True, exist_ok=True)
        try:
            for line in simulate(work, args.workflow.resolve()):
                print(line)
        except SimulationError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    print("ok: the archive survived two fresh runs with an empty cache; the pull request built without deploying")
    return 0


if __name__ == "__main__":
    sys.exit(main())
