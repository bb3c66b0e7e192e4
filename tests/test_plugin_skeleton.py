"""``flask plugins new KEY`` in a temporary copy of the checkout: the skeleton works as generated.

Issue 9's "done when": the generated plugin migrates, shows its list page scoped by region,
publishes a typed event that issues a notice, and passes its own test — run here with the same
interpreter and the same test database settings (FAZHI_TEST_DATABASE, FAZHI_TEST_POSTGRES_URL).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from core.app import PROJECT_ROOT
from core.plugins.skeleton import Names, add_catalogue_entry, add_entry_point, check_key, core_head
from core.refusals import Refusal

KEY = "demo_kit"


def _copy_checkout(target: Path) -> None:
    """The checkout's files (tracked and new, not ignored) without the virtualenv or the instance."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            check=True,
        ).stdout.split(b"\0")
    except (OSError, subprocess.CalledProcessError):
        shutil.copytree(
            PROJECT_ROOT,
            target,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(".git", ".venv", "instance", "__pycache__", "*.egg-info", ".pytest_cache"),
        )
        return
    archive = target / "checkout.tar"
    with tarfile.open(archive, "w") as tar:
        for name in filter(None, (n.decode() for n in listed)):
            if (PROJECT_ROOT / name).is_file():
                tar.add(PROJECT_ROOT / name, arcname=name)
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    archive.unlink()


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("FLASK_APP", None)
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary copy of the checkout with ``flask plugins new demo_kit`` run in it."""
    root = tmp_path_factory.mktemp("checkout")
    _copy_checkout(root)
    assert not (root / "plugins" / KEY).exists()
    result = _run(["-m", "flask", "--app", "wsgi", "plugins", "new", KEY, "--title", "演示套件"], root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"插件 {KEY} 已生成" in result.stdout
    return root


def test_the_skeleton_is_written_in_the_reference_layout(checkout: Path) -> None:
    plugin = checkout / "plugins" / KEY
    for name in (
        "plugin.py",
        "models.py",
        "vocabulary.py",
        "checks.py",
        "events.py",
        "operations.py",
        "notices.py",
        "settings.py",
        "admin.py",
        "indicators.py",
        "circular.py",
        "panels.py",
        "demo.py",
        f"templates/{KEY}/panel_summary.html",
        f"tests/test_{KEY}.py",
    ):
        assert (plugin / name).is_file(), name
    assert "__key__" not in "".join(p.read_text("utf-8") for p in plugin.rglob("*") if p.is_file())
    (migration,) = (plugin / "migrations").glob("*.py")
    text = migration.read_text("utf-8")
    assert f"branch_labels = ('{KEY}',)" in text
    # The first revision depends on the core's head as it is now.
    assert f"depends_on = ('{core_head()}',)" in text
    assert f'{KEY} = "plugins.{KEY}.plugin"' in (checkout / "pyproject.toml").read_text("utf-8")
    # Its event is in the catalogue tests/test_docs.py checks (once the entry point is installed).
    assert f"| `{KEY}.item.opened` |" in (checkout / "docs" / "architecture.md").read_text("utf-8")
    lint = _run(["-m", "ruff", "check", f"plugins/{KEY}"], checkout)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_the_generated_plugin_passes_its_own_test(checkout: Path) -> None:
    """Migrates, lists an item to its county only, refuses bad dates, and its typed event issues a notice."""
    started = time.monotonic()
    result = _run(["-m", "pytest", f"plugins/{KEY}/tests", "-q", "-p", "no:cacheprovider"], checkout)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    passed = re.search(r"(\d+) passed", output)
    assert passed is not None and int(passed.group(1)) == 3, output
    print(f"generated plugin's test: {time.monotonic() - started:.1f}s")


def test_a_taken_key_is_refused_in_chinese_on_the_command_line(checkout: Path) -> None:
    taken = _run(["-m", "flask", "--app", "wsgi", "plugins", "new", KEY], checkout)
    assert taken.returncode == 1
    assert f"错误：目录 plugins/{KEY}/ 已存在" in taken.stdout + taken.stderr


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("court", "插件标识「court」已被已安装的插件使用"),
        ("Demo-Kit", "插件标识「Demo-Kit」无效"),
        ("kit_", "插件标识「kit_」无效"),
        ("class", "插件标识「class」是保留字"),
        ("admin_review", "已被已安装的插件使用"),
    ],
)
def test_a_bad_or_taken_key_is_refused(key: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(Refusal) as refused:
        check_key(key, tmp_path)
    assert message in refused.value.text
    assert not (tmp_path / "plugins").exists()


def test_the_entry_point_is_added_once(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[project]\nname = "x"\n\n[project.entry-points."fazhi.plugins"]\ncourt = "plugins.court.plugin"\n\n'
        "[tool.ruff]\nline-length = 120\n",
        "utf-8",
    )
    assert add_entry_point(pyproject, "counsel") is True
    assert add_entry_point(pyproject, "counsel") is False
    text = pyproject.read_text("utf-8")
    assert text.count('counsel = "plugins.counsel.plugin"') == 1
    # Inside the entry-point table, not under [tool.ruff].
    assert text.index("counsel =") < text.index("[tool.ruff]")


def test_the_catalogue_entry_is_added_once_before_the_deadlines_section(tmp_path: Path) -> None:
    doc = tmp_path / "architecture.md"
    doc.write_text("## Events\n\n### Event catalogue\n\n| a |\n\n## Deadlines and the working-day calendar\n", "utf-8")
    names = Names("counsel", "法律顾问", "Legal counsel")
    assert add_catalogue_entry(doc, names) is True
    assert add_catalogue_entry(doc, names) is False
    text = doc.read_text("utf-8")
    assert text.count("| `counsel.item.opened` |") == 1
    assert text.index("#### counsel (法律顾问)") < text.index("## Deadlines")
