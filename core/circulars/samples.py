"""A realistic circular for tests, benchmarks, the committed sample page and demo data.

It reads like the inspection circular the source report describes (the implementation plan's
tasks checked unit by unit, results 以《政府情况通报》形式印发). Every string is plain GB 2312 text,
so it passes the glyph check with the default fonts.
"""

from __future__ import annotations

from datetime import date

from .render import CircularDocument, Section, Table

__all__ = ["UNITS", "sample_circular"]

#: Lead units of the plan (牵头单位): municipal departments and the county-level governments.
UNITS = [
    "市发展和改革委员会",
    "市教育局",
    "市科学技术局",
    "市经济和信息化局",
    "市公安局",
    "市民政局",
    "市司法局",
    "市财政局",
    "市人力资源和社会保障局",
    "市自然资源和规划局",
    "市生态环境局",
    "市住房和城乡建设局",
    "市交通运输局",
    "市水利和湖泊局",
    "市农业农村局",
    "市商务局",
    "市文化和旅游局",
    "市卫生健康委员会",
    "市退役军人事务局",
    "市应急管理局",
    "市审计局",
    "市市场监督管理局",
    "市统计局",
    "市医疗保障局",
    "市城市管理执法委员会",
    "市林业局",
    "市信访局",
    "东宝区人民政府",
    "掇刀区人民政府",
    "京山市人民政府",
    "沙洋县人民政府",
    "钟祥市人民政府",
]

_TASKS = [
    "规范性文件合法性审查",
    "重大行政决策合法性审查",
    "行政执法公示制度",
    "执法全过程记录制度",
    "重大执法决定法制审核",
    "权责清单动态调整",
    "双随机一公开抽查",
    "行政复议案件办理",
    "行政机关负责人出庭应诉",
    "政府法律顾问全覆盖",
    "政府合同合法性审查",
    "法治政府建设年度报告",
    "行政执法人员资格管理",
    "证明事项清理",
    "政务公开目录编制",
]

_RESULTS = ["已完成", "已完成", "已完成", "按时推进", "已整改", "滞后", "未完成"]

_OVERVIEW = [
    "按照《荆门市法治政府建设实施方案》的部署，市政府办公室会同市司法局，于今年十月至十一月对各牵头单位"
    "承担的工作措施进行了检查。检查采取查阅台账、实地查看、随机抽查案卷和个别访谈相结合的方式，"
    "覆盖市直部门和各县（市、区）人民政府，共检查工作措施一百四十条。",
    "从检查情况看，各单位认真落实推进法治建设第一责任人职责，主要负责人亲自研究部署、亲自组织实施、"
    "亲自督办检查，实行项目化推进、清单化管理、销号式验收，大部分任务已按期完成并通过验收。",
]

_PRACTICES = [
    (
        "建立健全工作制度",
        "各牵头单位按照“一项任务一个牵头单位”的要求，制定工作方案，明确责任单位和完成时限，"
        "建立工作台账，做到每一项工作有计划、有措施、有记录、有结果。",
    ),
    (
        "严格规范行政执法",
        "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度，"
        "组织开展行政执法案卷评查，对评查中发现的问题逐条反馈、限期整改。",
    ),
    (
        "加强行政复议和应诉工作",
        "依法办理行政复议案件，坚持公开听证、实地调查，注重纠正违法或者不当的行政行为；"
        "行政机关负责人出庭应诉率继续保持百分之百。",
    ),
]

_PROBLEMS = [
    ("重视程度不够", "个别单位对法治政府建设工作重视不够，工作台账不完整，过程材料收集不及时。"),
    ("任务进度滞后", "少数任务进度滞后，有的单位未按时报送工作进展情况，督办后仍未完成整改。"),
    ("案卷质量不高", "部分执法案卷文书制作不规范，法律依据引用不准确，执法全过程记录不完整。"),
]


def sample_circular(rows: int = 480, number: int = 12, year: int = 2026) -> CircularDocument:
    """Return a circular with `rows` rows of inspection results (480 rows make about 20 pages)."""
    table_rows = []
    for i in range(rows):
        unit = UNITS[i % len(UNITS)]
        task = _TASKS[(i // len(UNITS) + i) % len(_TASKS)]
        result = _RESULTS[(i * 7 + i // 5) % len(_RESULTS)]
        table_rows.append([str(i + 1), unit, task, f"{6 + i % 7}月{10 + i % 20}日", result])
    criticised = [row[1] for row in table_rows if row[4] == "未完成"][:5]
    praised = UNITS[::4]
    sections = [
        Section("基本情况", 1, _OVERVIEW),
        Section("主要做法和成效", 1, []),
        *(Section(heading, 2, [text]) for heading, text in _PRACTICES),
        Section("检查结果", 1, [f"本次检查共涉及工作措施{rows}项，检查结果见下表。"]),
        Section(
            "工作措施完成情况",
            2,
            [],
            Table(
                ["序号", "牵头单位", "工作措施", "完成时限", "完成情况"],
                table_rows,
                caption="表1 工作措施完成情况",
                # Millimetres of the 156 mm text block: every cell fits on one line.
                widths=[11, 49, 49, 26, 21],
            ),
        ),
        Section("通报表扬的单位", 2, ["、".join(praised) + "。"]),
        Section("通报批评的单位", 2, ["、".join(dict.fromkeys(criticised)) + "。"]),
        Section("存在的问题", 1, []),
        *(Section(heading, 3, [text]) for heading, text in _PROBLEMS),
        Section("下一步工作", 1, []),
        Section("抓好整改落实", 2, []),
        Section("逐项整改", 3, []),
        Section(
            "建立问题清单",
            4,
            ["对检查发现的问题建立清单，明确整改责任人和整改时限，整改完成后报市司法局验收销号。"],
        ),
        Section(
            "加强督办检查",
            4,
            ["对逾期未完成的任务实行挂牌督办，督办结果纳入年度法治政府建设考核。"],
        ),
    ]
    return CircularDocument(
        number=number,
        year=year,
        issuing_office="荆门市人民政府办公室",
        issue_date=date(year, 11, 27),
        title=f"关于{year}年度法治政府建设实施方案\n落实情况检查结果的通报",
        sections=sections,
        report_to="省人民政府办公厅，省司法厅",
        send_to="市委办公室，市人大常委会办公室，市政协办公室",
        distribute_to="各县（市、区）人民政府，市政府各部门",
        copies=120,
    )
