"""Shared data and helpers for the reading tests: the seed page, its fixture, sample pages."""

import json
from pathlib import Path

from initiatives.reading import extract_figures

DATA = Path(__file__).parent / "data"
# The page the demo fixture was read from.
SEED_PAGE = DATA / "seed-page.txt"
FIXTURE = Path(__file__).parent.parent / "fixtures" / "seed_page.json"
PAGES = DATA / "pages"

COUNTIES = ["任城区", "兖州区", "曲阜市", "邹城市", "微山县", "鱼台县", "金乡县", "嘉祥县",
            "汶上县", "泗水县", "梁山县", "太白湖新区", "济宁高新区", "济宁经开区"]  # fmt: skip


def seed_text():
    """Return the seed page as given to the project."""
    return SEED_PAGE.read_text(encoding="utf-8")


def only(paragraph):
    """Return the single figure found in paragraph, checking its span holds its quote."""
    [found] = extract_figures(paragraph)
    assert paragraph[found.start : found.end] == found.quote
    return found


def quotes(paragraph):
    """Return the quotes of the figures found in paragraph."""
    return [f.quote for f in extract_figures(paragraph)]


def load_fixture():
    """Return the demo fixture's objects by model name."""
    objects = json.loads(FIXTURE.read_text(encoding="utf-8"))
    by_model = {}
    for obj in objects:
        by_model.setdefault(obj["model"], []).append(obj)
    return by_model


HEADLINE_BEFORE = """\
2024年6月12日 星期三
第04版：县区新闻

嘉祥县：
新建３０处“幸福食堂”
——让老人吃上热乎饭

本报嘉祥６月１１日讯（记者 王强 通讯员 赵敏）今年以来，嘉祥县新建“幸福食堂”３０处，
累计服务老年人２．５万余人次，惠及全县１５个镇（街道）。
下一步，该县计划再建２０处。

责任编辑：李华

曲阜：老年大学开课
本报讯（记者 陈晨）近日，曲阜市老年大学新学期开课，
开设课程４０门，报名学员超过１２００人。

http://www.jnrb.com.cn 济宁日报数字报
"""


BOXED_BYLINE = """\
任城区开展“银龄助学”活动

□通讯员 周立 报道
近日，任城区组织120余名退休教师走进乡村学校，开展义务辅导60余场。

高新区：企业服务专员上门
□本报记者 吴迪 实习生 郑好 报道
今年以来，济宁高新区为企业解决难题300余个。
"""


E_PAPER = """\
济宁日报
2024年06月12日 星期三
第03版：县区新闻
上一版 下一版

曲阜市“孔子学堂”进社区
——打通文化惠民“最后一公里”

本报曲阜6月11日讯（记者 王璐 通讯员 孔祥）“以前想听国学课得跑到城里，现在家门口就能听。”6月10日，70岁的居民张大爷说。

今年以来，曲阜市建成“孔子学堂”420余处，开展公益讲座1800场次，参与群众达15.6万人次，满意率达98.5%。
据了解，该市计划到2025年底培育讲师队伍1000人以上。

兖州区：千名党员进网格
本报讯（通讯员 刘洋）近日，兖州区组织1200余名在职党员下沉到全区386个网格，解决问题近千个。

（下转第2版）

责任编辑：王丽  美术编辑：张伟
济宁新闻网 www.jnnews.tv  版权所有
"""


HEADLINES_AFTER = """\
本报汶上讯（通讯员 袁军）汶上县今年新建
60
余处幸福食堂，服务老人3000余人次。
汶上县：幸福食堂暖民心

本报讯（记者 李明）嘉祥县组织开展“送戏下乡”活动，今年以来已演出120场，观众达5万余人。下一步，将再演出50场。

嘉祥：好戏送到家门口

图为志愿者为老人理发。
本报记者 张三 摄

2
"""


WRAPPED_NO_BLANKS = """\
邹城市：老年大学办到家门口
本报讯（通讯员 王芳）近年来，邹城市积极推进老年教育
向基层延伸，在全市16个镇街建成老年学校分校，开设
课程200余门，年培训学员1.5万人次。今年，该市还将
新建村级教学点30个，让更多老人在家门口享受优质教育。
梁山县：“红色物业”解民忧
本报讯（记者 李强）梁山县推行“红色物业”模式，组建
物业党支部45个，吸纳党员物业人员320名，解决群众
反映问题1100余件。
"""


ONE_LINE_PARAGRAPHS_HEADLINES_AFTER = """\
本报任城讯（通讯员 周密）今年以来，任城区聚焦“一老一小”，新建社区养老服务站18处，改造提升托育机构6家。
该区还组建“银龄志愿服务队”32支，累计开展志愿服务1100余次，服务群众2.6万人次。
任城区
“一老一小”服务暖人心

本报兖州讯（通讯员 孙莉 刘畅）兖州区深入开展“四进”活动，1—5月份共组织宣讲活动260场，覆盖群众3万余人，群众满意率达到99%以上。
兖州区：“四进”宣讲接地气
"""
