"""``flask plugins new KEY``: write a working skeleton plugin ``plugins/<key>/`` in the reference layout.

The files are templates under ``core/plugins/skeleton_files/`` (``*.tmpl``) with a few
placeholders (``__key__``, ``__Model__``, ``__title__``…). The first migration depends on the
core's head *at generation time*, so the plugin's tables come after every core table it may
refer to. The generated plugin migrates, lists its records scoped by region, refuses bad input,
publishes a typed event that issues a notice, and passes its own test; docs/architecture.md
("Writing a plugin") takes its examples from it.
"""

from __future__ import annotations

import keyword
import re
import uuid
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

import click
from alembic.script import ScriptDirectory
from flask import current_app, has_app_context
from flask.cli import AppGroup

from core import clock
from core.refusals import Refusal

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
SKELETON = Path(__file__).resolve().parent / "skeleton_files"
CORE_MIGRATIONS = PROJECT_ROOT / "core" / "migrations"
ENTRY_POINT_TABLE = '[project.entry-points."fazhi.plugins"]'
#: Lower-case letters, digits and underscores, starting with a letter: a Python package name that
#: is also a table prefix, an event prefix and a URL part.
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,30}[a-z0-9]$")
#: Names the suite already uses for something else.
RESERVED = frozenset({"core", "plugins", "tests", "config", "admin", "static", "templates", "migrations"})


@dataclass(frozen=True)
class Names:
    """What the templates are filled with."""

    key: str
    title: str
    title_en: str

    @property
    def camel(self) -> str:
        """``demo_kit`` → ``DemoKit``."""
        return "".join(part.capitalize() for part in self.key.split("_"))

    def fill(self, text: str, *, revision: str = "", core_head: str = "") -> str:
        """The template `text` with every placeholder replaced."""
        replacements = {
            "__Model__": f"{self.camel}Item",
            "__Title_en__": self.title_en,
            "__title__": self.title,
            "__KEY__": self.key.upper(),
            "__key_dash__": self.key.replace("_", "-"),
            "__revision__": revision,
            "__core_head__": core_head,
            "__created__": clock.now().strftime("%Y-%m-%d %H:%M:%S"),
            "__key__": self.key,
        }
        for placeholder, value in replacements.items():
            text = text.replace(placeholder, value)
        return text


def taken_keys() -> set[str]:
    """Plugin keys in use: installed entry points, and the plugins of the running app."""
    keys = {ep.name for ep in entry_points(group="fazhi.plugins")}
    if has_app_context() and "fazhi.plugins" in current_app.extensions:
        keys |= set(current_app.extensions["fazhi.plugins"].plugins)
    return keys


def check_key(key: str, root: Path = PROJECT_ROOT) -> None:
    """Refuse a key that is not a valid plugin key, or one already taken (raises `Refusal`)."""
    if not KEY_PATTERN.fullmatch(key) or "__" in key:
        raise Refusal(
            "key",
            f"插件标识「{key}」无效：只能用小写英文字母、数字和下划线，以字母开头、不以下划线结尾，"
            "长度 3–32（例如 counsel、legal_aid）。",
        )
    if keyword.iskeyword(key) or key in RESERVED:
        raise Refusal("key", f"插件标识「{key}」是保留字，请换一个。")
    if key in taken_keys():
        raise Refusal("key", f"插件标识「{key}」已被已安装的插件使用。")
    if (root / "plugins" / key).exists():
        raise Refusal("key", f"目录 plugins/{key}/ 已存在，未覆盖任何文件。")


def core_head(migrations: Path = CORE_MIGRATIONS) -> str:
    """The core's newest Alembic revision (its one head), read from its revision files."""
    script = ScriptDirectory(str(migrations), version_locations=[str(migrations / "versions")])
    heads = script.get_heads()
    if len(heads) != 1:
        raise click.ClickException(f"核心迁移应只有一个最新版本，实际为：{', '.join(heads)}")
    return heads[0]


def write_skeleton(key: str, title: str, title_en: str, root: Path = PROJECT_ROOT) -> list[Path]:
    """Write ``plugins/<key>/`` under `root`; returns the files written (relative to `root`)."""
    check_key(key, root)
    names = Names(key, title or key, title_en or key.replace("_", " ").capitalize())
    target = root / "plugins" / key
    revision = uuid.uuid4().hex[:12]
    head = core_head(root / "core" / "migrations")
    written: list[Path] = []
    for source in sorted(SKELETON.rglob("*.tmpl")):
        relative = source.relative_to(SKELETON).with_suffix("")  # drop ".tmpl"
        if relative.parts[0] == "migrations":
            relative = Path("migrations", f"{clock.today():%Y%m%d}_{revision}_{key}_tables.py")
        elif relative.parts[0] == "templates":
            relative = Path("templates", key, *relative.parts[1:])
        elif relative.parts[0] == "tests":
            relative = Path("tests", f"test_{key}.py")
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(names.fill(source.read_text(encoding="utf-8"), revision=revision, core_head=head), "utf-8")
        written.append(path.relative_to(root))
    return written


def add_entry_point(pyproject: Path, key: str) -> bool:
    """Declare ``<key> = "plugins.<key>.plugin"`` in `pyproject`; False when it is there already."""
    line = f'{key} = "plugins.{key}.plugin"'
    lines = pyproject.read_text(encoding="utf-8").splitlines()
    if any(existing.split("=")[0].strip() == key for existing in _entry_point_lines(lines)):
        return False
    if ENTRY_POINT_TABLE not in lines:
        lines += ["", ENTRY_POINT_TABLE, line]
    else:
        end = lines.index(ENTRY_POINT_TABLE) + 1
        while end < len(lines) and lines[end].strip() and not lines[end].startswith("["):
            end += 1
        lines.insert(end, line)
    pyproject.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return True


CATALOGUE_END = "\n## Deadlines and the working-day calendar"


def add_catalogue_entry(architecture: Path, names: Names) -> bool:
    """Add the skeleton's event to the event catalogue of docs/architecture.md (tests/test_docs.py
    holds the catalogue to the event classes); False when it is listed already or the doc has no catalogue."""
    text = architecture.read_text(encoding="utf-8")
    event = f"`{names.key}.item.opened`"
    if f"| {event} |" in text or CATALOGUE_END not in text:
        return False
    entry = (
        f"\n#### {names.key} ({names.title})\n\n"
        f"Published from `plugins/{names.key}/operations.py` with the item as subject "
        f'(`subject_type = "{names.key}_item"`).\n\n'
        "| event | fields | published by | handled by |\n| --- | --- | --- | --- |\n"
        f"| {event} | `item_id`, `title`, `unit_id`, `opened_on`, `due_on` (ISO); subject = the item "
        f"| `operations.open_item`: an item is opened (admin form, demo data) "
        f"| notice rule `{names.key}.item_opened` (预警 to the unit in charge) |\n"
    )
    architecture.write_text(text.replace(CATALOGUE_END, entry + CATALOGUE_END, 1), encoding="utf-8")
    return True


def _entry_point_lines(lines: list[str]) -> list[str]:
    if ENTRY_POINT_TABLE not in lines:
        return []
    start = lines.index(ENTRY_POINT_TABLE) + 1
    table: list[str] = []
    for line in lines[start:]:
        if line.startswith("["):
            break
        if "=" in line:
            table.append(line)
    return table


plugins_group = AppGroup("plugins", help="插件：生成新插件骨架。")


@plugins_group.command("new")
@click.argument("key")
@click.option("--title", default="", help="中文名称（菜单和模块开关页显示），默认同标识")
@click.option("--title-en", default="", help="英文名称")
def new_command(key: str, title: str, title_en: str) -> None:
    """生成插件骨架 plugins/KEY/（模型、迁移、视图、事件、通知规则、指标、通报、测试），并登记入口点。"""
    written = write_skeleton(key, title, title_en)
    for path in written:
        click.echo(f"  新建 {path}")
    architecture = PROJECT_ROOT / "docs" / "architecture.md"
    if architecture.exists() and add_catalogue_entry(architecture, Names(key, title or key, title_en)):
        click.echo("已把 events.py 的事件加入 docs/architecture.md 的事件目录（新增事件时同样登记）。")
    pyproject = PROJECT_ROOT / "pyproject.toml"
    if add_entry_point(pyproject, key):
        click.echo(f'已在 pyproject.toml 登记入口点 {key} = "plugins.{key}.plugin"（重新运行 scripts/setup.sh 安装）。')
    click.echo(
        f"插件 {key} 已生成。下一步：flask --app wsgi db upgrade heads；"
        f"python -m pytest plugins/{key}/tests；文档见 docs/architecture.md「Writing a plugin」。"
    )
