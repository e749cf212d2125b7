"""Find reported quantities in a paragraph: value, unit, qualifier, what is counted."""

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

import cn2an

from .text import fold


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    quote: str
    value: str
    unit: str
    amount: Decimal
    base_unit: str
    qualifier: str  # exact | approximate | at_least | at_most | range
    amount_max: Decimal | None
    counted: str
    kind: str  # achieved | expected
    period: str
    confidence: float
    reason: str
    paragraph: int = 0


# Longest first, so 人次 wins over 人 and 个百分点 over 个.
UNITS = sorted(
    """个百分点 百分点 人次 户次 场次 家次 批次 架次 车次 班次 课时 学时 个月 平方公里 平方米
    立方米 公里 千米 米 公顷 亩 吨 公斤 千克 斤 千瓦时 千瓦 元 个 名 人 位 家 项 次 场 件 支 所
    期 处 类 门 户 座 台 辆 套 间 张 册 本 份 条 篇 部 起 宗 株 棵 头 只 栋 幢 节 堂 届 轮 批
    组 班 团 站 块 片 盏 首 幅 集 天 小时 周 倍 % ‰ 例 笔 单 箱 袋 件次 人份 辆次 台套 兆瓦
    封 枚 副 艘 架 盒 瓶 罐 桶 层 床 顷 眼 孔 根 亿千瓦时 万千瓦 吨次 人天 工日 标准箱
    """.split(),  # noqa: SIM905
    key=len,
    reverse=True,
)
MULTIPLIERS = {
    "万亿": Decimal(10) ** 12,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "亿": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(1000),
    "百": Decimal(100),
}
CN_DIGITS = "零〇一二两三四五六七八九"
CN_MAGNITUDES = "十百千万亿"
CN = f"[{CN_DIGITS}{CN_MAGNITUDES}]+"
ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = rf"(?:{ARABIC}|{CN})"

APPROXIMATE = {"约", "大约", "近", "将近", "余", "多", "左右", "上下"}
AT_LEAST = {
    "超过",
    "超",
    "逾",
    "不少于",
    "不低于",
    "以上",
    "上",
    "至少",
    "至少有",
    "最少",
    "最少有",
}
AT_MOST = {"不超过", "不足", "不到", "以下", "以内", "低于", "最多", "至多", "最多有"}

FIGURE = re.compile(
    rf"(?<![\d.A-Za-z第{CN_DIGITS}{CN_MAGNITUDES}])(?<!\d,)"
    r"(?P<pre>至少有|至少|最少有|最少|最多有|最多|至多|不少于|不低于|不超过|不足|不到|低于|超过|将近|大约|约|近|超|逾|上(?=[十百千万亿]))?"
    rf"(?P<num>{NUMBER})"
    r"(?: (?=[万亿千百余多]|[^\s\d]))?"  # PDF copy may space a number off its unit: 300 万元
    rf"(?P<mult1>万亿|千万|百万|万|亿)?"
    rf"(?:(?P<sep>至|到|-|~|—|－)(?P<num2>{NUMBER}))?"
    r"(?P<post0>余|多)?"  # 3000多万元, 20余万元
    r"(?P<mult>万亿|千万|百万|万|亿|千(?![米克瓦])|百(?!分点))?"
    r"(?P<post1>余|多)?"
    rf"(?P<unit>{'|'.join(re.escape(u) for u in UNITS)})"
    r"(?P<post2>以上|以下|左右|上下|以内|余|多)?"
)

PART_OF_YEAR = (
    r"(?:全年|上半年|下半年|前三季度|第?[一二三四]季度|\d{1,2}\s*[—\-－至到~]\s*\d{1,2}月份?)"
)
PERIOD = re.compile(
    # "较去年提高2.3个百分点": a comparison base is not the period.
    r"(?<![较比])(?<!同比)(?:"
    rf"(?:今年|去年|\d{{4}}年){PART_OF_YEAR}"  # 今年上半年 as one period, not 上半年
    r"|“[^”]{2,8}”(?:以来|期间)"  # “十四五”以来
    r"|今年以来|去年以来|\d{4}年以来|近[一二两三四五六七八九十\d]+年(?:以)?来|近年来"
    # "截至目前已完成1.1万亩": the date ends where the clause's verb begins.
    r"|截[至止][^，。；,;已共累全]{1,12}?(?=[，,。；已共累全]|$)"
    r"|\d{1,2}\s*[—\-－至到~]\s*\d{1,2}月份?|第?[一二三四]季度|前三季度|全年|前\d{1,2}个月"
    # "2024年，志愿服务队开展活动420场次": a year, or part of one, leading its clause.
    r"|(?<!\d)\d{4}年(?:全年|上半年|下半年|前三季度|[一二三四]季度|(?:度|底|末)?(?=[，,：:]))"
    r"|至今|目前|当前|今年|去年|上半年|下半年|累计|每年|每月|每周|年底前|年内)"
)
# Every period above holds one of these characters (年月季, 以来, 期间, 截至, 至今, 目前, 累计,
# 每…): a sentence without any has no period, and is not scanned for one. Keep it in step.
PERIOD_CHARS = re.compile(r"[年月季来间截今前累每]")
CODE_SUFFIX = "型级后号版代式"
AGE_NEXT = re.compile(r"\d{1,3}周?岁")
# Numerals that start a grade, not a slogan after a count ("1家二级医院", "3所一级园").
GRADE = re.compile(r"[一二三四][级甲乙等线流星]|一站式|一体化")
# Planning words: they make every figure after them in the sentence expected, up to 。；
# ("计划每年开展培训不少于50期，培训学员约3000人次" expects both). Every alternative opens
# with its word, the look-behinds after it, so the scan skips other characters quickly.
EXPECTED = re.compile(
    r"计划(?<!制定计划)(?<!实施计划)(?<!行动计划)(?<!工作计划)(?<!培养计划)(?<!帮扶计划)"
    r"(?<!发展计划)(?<!生产计划)(?<!采购计划)(?![的书表中内外生单经，。；、”,;])"
    r"|预计|力争|拟(?<![模虚草比]拟)|有望|预期|下一步|将来|目标(?:是|为|到|[：:])"
    # 争取 also means "obtained" ("争取上级资金500万元"); only a target date or aim is a plan.
    r"|争取(?=到?\d{4}年|在|于|年底|年内|今年|明年|全年|早日|实现|达到|建成|完成|用|再|更多)"
    r"|还将|并将|也将|将于|将会|即将|将陆续|将继续|将再"
    r"|将(?=达到|超过|新增|新建|实现|建成|完成|增加|带动|惠及|覆盖|突破|形成|建设|打造|培育|开展|举办"
    r"|投入|提供|吸纳|创造|改造|启动|实施|推出|开工|投用|达)"
    r"|可(?=增加|实现|带动|达到|新增|提供|解决|吸纳|创造|节约|减少|达|使|惠及|帮助|覆盖|增收|容纳"
    r"|分红|获得)"
    r"|计划到|争取到|到\d{4}年(?:底|末)?"
)
# Periods that run up to now, which only an achieved figure can have.
SO_FAR = re.compile(r"目前|当前|至今|截至|截止|累计|以来|近年来")
# A later clause that reports a result ends a plan's scope ("…10处，目前已建成6处").
CLAUSE_BREAK = re.compile(r"[，,：:]")
RESULT = re.compile(
    r"[^，。；,;：:]{0,8}?(?:目前|现已|已经|已|截至|截止|累计|实际|今年以来|去年以来|此前)"
)
# Words that end the noun phrase after a figure ("102个帮扶项目正在实施" -> 帮扶项目).
STOPS = re.compile(
    r"正在|已经|已|均|都|也|共同|先后|分别|被|将|把|和|与|及|同时|同向|等|是|为|进行|开展"
    r"|实现|完成|成功|签订|担任|就近|划入|开设|建设|积极|讲述|走上|走进|参加|参与|获得|荣获"
    r"|受益|覆盖|惠及|组建|成立|入驻|加入|前往|深入|全部|全面|累计|通过|提供|带动|推动|助力"
    r"|主动|纳入|结对|下沉|认领|投身|奔赴|上门|入户|进驻|包联|来自|走访|常态化|全程"
    r"|建成|新建|建立|设立|打造|创建|推出|配备|落实|投入|(?<!党)组织|联合|依托|利用|围绕|聚焦"
    r"|的|在|于|中|从|向|对|到|上岗|参赛|报名|获|就业|增收|致富|全覆盖|带头|办理|领取|享受|接受"
    r"|观看|围坐|参观|聆听|学习"
    # "8家“技能人才驿站”揭牌运行": what happened to the things counted
    r"|揭牌|挂牌|运行|投用|投入使用|开工|竣工|开业|落户|启用|上线|亮相|正式|顺利|相继|陆续|集中"
    r"|签约|落地|开班|开课|开诊|营业|入选|上榜|通上|出行"
    r"|更加|纷纷|逐步|有效|持续|率先|首次|基本|初步|正"
    r"|发放|免费|赠送|送上|送去|办理|申领|[吃用住过喝穿坐]上"
)
# A verb right after the unit means the noun came before the number ("企业家2次走进非洲").
VERB_AFTER = re.compile(
    r"走进|走上|走访|走入|参加|参与|获得|获|受益|开展|举办|进行|实施|完成|达到|担任|讲述|分别|先后"
    r"|共(?!建|享|治|创|育|同)|均|已|都|以上|以下|左右|的|是|为|和|与|及|等|参观|学习|赴|被|人民币|组成"
    r"|建设(?!项目|用地|工程|任务)|用于|打造|改造|新建|建成|实施(?!方案|项目)"
)
# Verbs before a post-noun figure ("引进博士16名" -> 博士).
VERBS = re.compile(
    r"推出|培育|引进|申报|聘请|开展|举办|(?<!党)组织|实施|走访慰问|走访|慰问|挂牌|实现|增加|新增|建成|建设"
    r"|打造|设立|组建|成立|发放|提供|解决|完成|达到|带动|吸纳|培训|共过|开设|选派|推动|举行"
    r"|召开|收集|受理|办理|化解|帮助|服务了|惠及|覆盖|培养|认定|评选|命名|创建|发展|吸引"
    r"|签约|招引|落地|改造|新建|修建|整治|排查|发现|查处|接待|参与|参加|培训了|领域|涉及|演出"
    r"|吸引|提升|提高|增长|增加|下降|减少|降低|已经|已|再|将|共有|有|投入|投资|筹集|争取|配备|安排"
    r"|拨付|支付|兑现|接待|收到|吸纳|带动|聘用|录用|招聘|招募|招收|派出|动员|发动|调解|装运|运送"
    r"|达成|达到|达|开发|新设|储备|推送|发布|挖掘|开辟|募集|流转|种植|栽植|修建|铺设|硬化|新改建"
    r"|改扩建|扩建|改建|稳定在|保持在|维持在|控制在"
)
# A verb's complement left behind when the noun is the subject ("满意度提升至92.5%").
# A change and its comparison base before a rate ("城镇新增就业人数同比增长12.5%",
# "满意率较去年提高2.3个百分点"): what is counted is the measure, the subject before it.
CHANGE_VERB = re.compile(r"增长|提高|提升|下降|减少|降低|增加|上升|下滑|回落|缩短|扩大|翻番|增幅")
CHANGE = re.compile(
    r"(?:同比|环比|(?:较|比)(?:去年同期|上年同期|同期|去年|上年|年初|上月|上季度|\d{4}年)?)?"
    rf"(?:分别)?(?:{CHANGE_VERB.pattern})"
    r"了?(?:至|到|为|达|约|近|超过|超|逾|共|计)*$"
)
# Verbs that govern a measure rather than name it ("实现农民收入增长8%" -> 农民收入).
GOVERNING = re.compile(r"^(?:实现|推动|带动|促进|确保|推进|助力|帮助|使|让)")
# Verbs that also name an activity: after another verb they belong to the noun
# ("组织招聘活动136场" -> 招聘活动, while "培训学员3000人次" -> 学员).
# A verb whose "object" is one of these names a measure ("大蒜种植面积"), it governs nothing.
MEASURES = re.compile(r"^(?:面积|规模|总量|产量|人数|数量|总数|产值|金额|总额|收入|比例|时长)$")
ADVERBS = {"再", "将", "已", "已经", "有", "共有"}  # in VERBS, but no verb a noun can follow
NOMINAL = {"招聘", "培训", "慰问", "走访", "走访慰问", "招募", "招引", "调解", "帮扶", "宣讲"}
SPENDING = {"投资", "投入", "筹集", "拨付", "募集", "支付", "兑现"}
PARTICLES = re.compile(r"^(?:至|到|了|为|达|约|近|超过|超|逾|共|计|近|总计)*$")
# Subjects and adverbs before the noun, which are not what is counted ("该县投入专项资金").
LEADING = re.compile(
    r"^(?:该县|该市|该区|该镇|该乡|该村|该街道|全县|全市|全区|全省|全镇|全乡|全村|各级各类|各类|各种"
    r"|各(?!级)"
    r"|共有|共计|共|累计|其中|还|又|再|已经|已|均|都|力争|计划|争取|预计|确保|年底前|年内|到年底"
    r"|占(?!地)|同比|环比|分别"
    r"|还将|将|可|拟|有望"
    r"|[\u4e00-\u9fff]{2,3}?[县市](?=[\u4e00-\u9fff]{2}))"
)
TRAILING = re.compile(
    r"(?:占比|比例|比重|共计|累计|达到|达|为|约|近|超过|计|合计|同比|环比|分别|均|都|也|已经|已|共"
    r"|全部|全面|总共|一共|还将|将|可|有望|预计|突破)$"
)
# Only joining words between two figures: the second counts what the first does ("16.5%和21.3%").
COORDINATED = re.compile(r"^[和与及、或至到\s]*$")
DELIMITERS = "，。；：、！？,.;:!?　 \n等的"
SCHEME = "模式定义中的数字"
ELIDED = "统计对象承前省略"
NOTHING = "未找到统计对象"
SLOGAN = "引号内的提法，可能是口号"
# How far to look around a figure for its sentence, brackets and quotes; keeps long
# unbroken text linear.
WINDOW = 300


def _number(text: str) -> Decimal | None:
    """Return the value of an Arabic or Chinese numeral, or None if it is not a plain number."""
    if text[0].isdigit():
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    if not any(ch in CN_MAGNITUDES for ch in text):
        return None
    if all(ch in CN_MAGNITUDES for ch in text):
        text = "一" + text  # 万 -> 一万 (近万名)
    try:
        return Decimal(str(cn2an.cn2an(text, "smart")))
    except Exception:  # noqa: BLE001 - cn2an raises bare ValueError/KeyError/IndexError subclasses
        return None


def _plain(number: Decimal) -> Decimal:
    """Return number without exponent or trailing zeros (12000, 0.5)."""
    return Decimal(format(number.normalize(), "f"))


def _qualifier(*words: str | None) -> str:
    """Return the qualifier the words around a number amount to (余 -> approximate)."""
    words = {w for w in words if w}
    if words & AT_LEAST:
        return "at_least"
    if words & AT_MOST:
        return "at_most"
    if words & APPROXIMATE:
        return "approximate"
    return "exact"


def _enclosing(folded: str, start: int, opener: str, closer: str) -> int | None:
    """Return where the innermost `opener` enclosing `start` opens, or None."""
    # Walk back from bracket to bracket (str.rfind) rather than character by character.
    floor = max(0, start - WINDOW + 1)
    depth = 0
    opening = folded.rfind(opener, floor, start)
    closing = folded.rfind(closer, floor, start)
    while opening != -1:
        if closing > opening:
            depth += 1
            closing = folded.rfind(closer, floor, closing)
        elif depth == 0:
            return opening if folded.find(closer, start, start + WINDOW) != -1 else None
        else:
            depth -= 1
            opening = folded.rfind(opener, floor, opening)
    return None


def _in_quotes(folded: str, start: int) -> tuple[int, int] | None:
    """Return the span of the “quoted” phrase around start, or None."""
    left = folded.rfind("“", max(0, start - WINDOW), start)
    if left == -1 or folded.rfind("”", left, start) != -1:
        return None
    right = folded.find("”", start, start + WINDOW)
    return (left, right) if right != -1 else None


# The last mark before a figure: one scan of the window rather than one per mark.
LAST_SENTENCE_END = re.compile(r"[。！？!?；;][^。！？!?；;]*\Z")
LAST_CLAUSE_END = re.compile(r"[，。；：,;:！？!?（(][^，。；：,;:！？!?（(]*\Z")


def _sentence_start(folded: str, start: int) -> int:
    """Return where the sentence holding `start` begins."""
    floor = max(0, start - WINDOW)
    end = LAST_SENTENCE_END.search(folded, floor, start)
    return end.start() + 1 if end else floor


def _clause_start(folded: str, start: int) -> int:
    """Return where the clause holding `start` begins."""
    floor = max(0, start - WINDOW)
    end = LAST_CLAUSE_END.search(folded, floor, start)
    return end.start() + 1 if end else floor


def _change(text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
    """Return CHANGE's match in text[pos:endpos], scanning only if a change verb is there."""
    endpos = len(text) if endpos is None else endpos
    if CHANGE_VERB.search(text, pos, endpos) is None:
        return None  # most clauses: CHANGE would try every position of the window in vain
    return CHANGE.search(text, pos, endpos)


def _noun_after(text: str, folded: str, i: int) -> str:
    """Return the noun phrase after a figure, up to punctuation or a verb."""
    age = AGE_NEXT.match(folded, i)
    j = age.end() if age else i  # "3.2万名60周岁以上老人": the age belongs to the noun
    while j < len(text) and j - i < 24:
        ch = folded[j]
        # Look for the closing mark only as far as it may be: unbounded, each figure before
        # an unclosed bracket would scan the rest of the paragraph.
        if ch in "(" and j > i:
            close = folded.find(")", j, j + 9)
            if close == -1:
                break
            j = close + 1
            continue
        if ch in "“‘":
            close = folded.find("”" if ch == "“" else "’", j, j + 13)
            if close == -1:
                break
            j = close + 1
            continue
        if not ("\u4e00" <= ch <= "\u9fff"):
            break
        j += 1
    phrase = text[i:j]
    for stop in STOPS.finditer(fold(phrase)):
        if stop.start() >= 1 and not _inside_quotes(phrase, stop.start()):
            phrase = phrase[: stop.start()]
            break
    return _tidy(phrase)


def _inside_quotes(phrase: str, position: int) -> bool:
    """Say whether `position` in a short phrase falls inside “quotes”."""
    return phrase.count("“", 0, position) > phrase.count("”", 0, position)


def _noun_before(text: str, folded: str, start: int) -> str:
    """Return the noun phrase before a post-noun figure ("专业教师60名" -> 专业教师)."""
    if start and folded[start - 1] == " ":
        start -= 1
    if start and folded[start - 1] == "的":
        start -= 1  # "占全镇小麦种植面积的56%": the share of 小麦种植面积
    i = start
    depth = 0
    quoted = False
    while i > 0 and start - i < 30:
        ch = folded[i - 1]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                break
            depth -= 1
        elif ch == "”":
            quoted = True
        elif ch == "“":
            quoted = False
        elif depth == 0 and not quoted and (ch in DELIMITERS or ch.isdigit()):
            break
        i -= 1
    if folded.startswith(("岁", "周岁"), i) or (
        i
        and folded[i - 1].isascii()
        and folded[i - 1].isalnum()
        and (folded[i] in CODE_SUFFIX or folded[i].isascii() and folded[i].isalnum())
    ):
        # "60岁以上老年人达12.8万人", "X5型公交车", "4A级景区": the age or code belongs to
        # the noun.
        while (
            i > 0 and folded[i - 1].isascii() and (folded[i - 1].isalnum() or folded[i - 1] in ".-")
        ):
            i -= 1
    phrase = text[i:start]
    periods = list(PERIOD.finditer(fold(phrase)))
    if periods and len(phrase) > periods[-1].end():
        phrase = phrase[periods[-1].end() :]
    change = CHANGE.search(phrase)
    if change:
        # "比去年同期增加120人" names no measure: leave it to the figure before, or to staff.
        subject = GOVERNING.sub("", _strip_edges(phrase[: change.start()]))
        return _tidy(_strip_edges(subject)) if len(subject) >= 2 else ""
    verbs = [m for m in VERBS.finditer(phrase) if not _inside_quotes(phrase, m.start())]
    # The object of the last verb that has one ("投入专项资金1200万元"); a verb ending a
    # noun ("技能培训68期") has none, so look further back.
    ends = [v.start() for v in verbs[1:]] + [len(phrase)] if verbs else []
    objects = [
        v
        for v, until in reversed(list(zip(verbs, ends, strict=True)))
        if len(_strip_edges(phrase[v.end() :])) >= 2
        and not MEASURES.match(_strip_edges(phrase[v.end() : until]))
    ]
    if objects:
        verb = objects[0]
        earlier = [v for v in verbs if v.end() == verb.start() and v.group() not in ADVERBS]
        if verb.group() in NOMINAL and earlier:
            verb = earlier[0]
        phrase = phrase[verb.end() :]
    elif verbs and verbs[-1].group() in SPENDING and verbs[-1].end() == len(phrase):
        # "市人民医院投资1.2亿元": the investment, not the hospital; 总投资 stays whole.
        phrase = phrase[verbs[-1].start() - phrase[: verbs[-1].start()].endswith("总") :]
    elif verbs and PARTICLES.match(phrase[verbs[-1].end() :]):
        # "满意度提升至92.5%": the verb's subject is what is counted.
        subject = _strip_edges(phrase[: verbs[-1].start()])
        if len(subject) >= 2:
            phrase = subject
    elif verbs and len(phrase) - verbs[-1].end() == 1:
        phrase = phrase[verbs[-1].end() :]
    counted = _tidy(_strip_edges(phrase))
    # A bare verb ("建成1.2万处") names nothing; 培训 and 投资 name what they count.
    if VERBS.fullmatch(counted) and counted not in SPENDING | NOMINAL:
        return ""
    return counted


def _strip_edges(phrase: str) -> str:
    """Return a noun phrase without leading subjects and adverbs or trailing verbs."""
    while True:
        shorter = TRAILING.sub("", LEADING.sub("", phrase, count=1), count=1)
        if shorter == phrase:
            return phrase
        phrase = shorter


def _tidy(phrase: str) -> str:
    """Return a counted phrase without edge punctuation or enclosing quotes, at most 20 chars."""
    phrase = phrase.strip(" ：:，,、")
    if len(phrase) >= 2 and phrase[0] == "“" and phrase[-1] == "”" and "“" not in phrase[1:-1]:
        phrase = phrase[1:-1]
    return phrase[:20]


def extract_figures(paragraph: str) -> list[Found]:
    """Return the reported quantities in a paragraph, with spans into the original string."""
    if not paragraph:
        return []
    folded = fold(paragraph)
    found: list[Found] = []
    for match in FIGURE.finditer(folded):
        figure = _read(paragraph, folded, match)
        if figure is None:
            continue
        if found and COORDINATED.match(folded[found[-1].end : figure.start]) and figure.start:
            figure = replace(figure, counted=found[-1].counted)
        elif found and _elliptical(folded, figure):
            counted = _antecedent(folded, figure, found)
            if counted:
                figure = _elided(figure, counted)
        found.append(figure)
    return found


def _elliptical(folded: str, figure: Found) -> bool:
    """Say whether a figure names nothing of its own ("已完成1.1万亩", "同比增长15%")."""
    lead = folded[_clause_start(folded, figure.start) : figure.start]
    change = _change(lead)
    return (
        not figure.counted
        or VERBS.fullmatch(figure.counted) is not None
        or (change is not None and not _strip_edges(lead[: change.start()]))
    )


def _elided(figure: Found, counted: str) -> Found:
    """Return the figure counting what the figure before it counts, said in its reason."""
    if figure.counted:
        return replace(figure, counted=counted, reason=f"{figure.reason}；{ELIDED}")
    # It had lost confidence for naming nothing; the antecedent is a guess, not nothing.
    reason = figure.reason.replace(NOTHING, ELIDED)
    confidence = round(min(figure.confidence + 0.2, 1.0), 2)
    return replace(figure, counted=counted, reason=reason, confidence=confidence)


def _antecedent(folded: str, figure: Found, found: list[Found]) -> str:
    """Return the counted noun of the earlier figure in the sentence an elliptical one shares."""
    sentence = _sentence_start(folded, figure.start)
    lead = folded[_clause_start(folded, figure.start) : figure.start]
    # A bare change ("营业收入2.6亿元，同比增长15%") is the rate of the figure before it,
    # whatever its unit; a bare verb ("已完成1.1万亩") repeats a noun of the same unit.
    change = _change(lead)
    for earlier in reversed(found):
        if earlier.start < sentence:
            break
        if change is not None or earlier.base_unit == figure.base_unit:
            return earlier.counted
    return ""


def _read(text: str, folded: str, m: re.Match) -> Found | None:
    """Return the figure a match stands for, or None when it is a trap (year, code, slogan)."""
    num, num2 = m["num"], m["num2"]
    mult1, mult = m["mult1"], m["mult"]
    if mult1 and not num2:
        if mult:
            return None
        mult1, mult = None, mult1  # 1.2万余人次: the multiplier belongs to the unit
    chinese = not num[0].isdigit()
    unit_word = m["unit"]
    after = folded[m.end() : m.end() + WINDOW]
    before = folded[max(0, m.start() - WINDOW) : m.start()]
    # Traps: codes and formulas (5G, 1+N), ordinals (第3批), slogans (十个一, 5个一), ages.
    if num[0] == "0" and not num.startswith("0."):
        return None
    if len(num.replace(",", "").split(".")[0]) > 12:
        return None
    if chinese and mult1 or (num2 and num2[0].isdigit() == chinese):
        return None
    if (
        after[:1]
        and after[0] in CN_DIGITS + "十"
        and unit_word not in ("%", "‰")
        and not GRADE.match(after)
    ):
        return None
    if (
        after[:1].isascii()
        and after[:1].isalnum()
        and not AGE_NEXT.match(after)  # "3.2万名60周岁以上老人": a count, then an age
        or after.startswith(("岁", "周岁"))
    ):
        return None
    if unit_word == "周" and after.startswith("岁"):
        return None
    if before.endswith(("第", "第 ")) or after.startswith(("号", "期间")):
        return None
    # "位列全省前10名" is a rank and "前10个月" a period, not counts.
    if before.endswith("前") and unit_word in ("名", "位", "强", "个月"):
        return None
    bare = chinese and all(ch in CN_MAGNITUDES for ch in num)
    if bare and not (m["pre"] or m["post0"] or m["post1"] or m["post2"]):
        return None  # 百姓, 千家万户, 万村共富: a bare magnitude is not a count; 百余名 is.
    if m["pre"] == "上" and not bare:
        return None
    if _enclosing(folded, m.start(), "《", "》") is not None:
        return None

    low = _number(num)
    if low is None:
        return None
    high = None
    if num2:
        high = _number(num2)
        if high is None or high <= low:
            return None
    multiplier = MULTIPLIERS.get(mult or "", Decimal(1))
    if mult1:
        low = low * MULTIPLIERS[mult1] / (multiplier if mult else 1)
    amount = _plain(low * multiplier)
    amount_max = _plain(high * multiplier) if high is not None else None
    if amount.as_tuple().exponent < -4 or amount >= Decimal(10) ** 15:
        return None
    if amount_max is not None and amount_max >= Decimal(10) ** 15:
        return None

    if len(num) + len(num2 or "") > 30 or m.end() - m.start() > 60:
        return None  # longer than any figure a reporter writes
    base_unit = unit_word
    unit = (mult or "") + unit_word
    value = num + (mult1 or "") + (f"{m['sep']}{num2}" if num2 else "")
    qualifier = "range" if num2 else _qualifier(m["pre"], m["post0"], m["post1"], m["post2"])
    start = m.start() if m["pre"] and qualifier != "exact" else m.start("num")
    end = m.end()

    # Scheme definitions ("即1个社区党组织与2至5个…", "书记+2名社区伙伴") are not results.
    reason = ""
    confidence = 0.9
    paren = _enclosing(folded, start, "(", ")")
    quote = _in_quotes(folded, start)
    clause = _clause_start(folded, start)
    if (
        (paren is not None and folded[paren + 1 : paren + 2] == "即")
        or folded[clause : clause + 1] == "即"
        or before.endswith("+")
        or (quote is not None and "+" in folded[quote[0] : quote[1]])
    ):
        confidence, reason = 0.3, SCHEME
    elif quote is not None and quote[1] - quote[0] <= 12:
        # A figure inside a short “quoted” phrase is usually a slogan ("3个100%").
        confidence, reason = 0.4, SLOGAN

    rest = folded[end : end + WINDOW]
    if (
        rest[:1]
        and ("\u4e00" <= rest[0] <= "\u9fff" or rest[0] in "“‘" or AGE_NEXT.match(rest))
        and not VERB_AFTER.match(rest)
    ):
        counted = _noun_after(text, folded, end)
        how = "数字+量词+名词"
    else:
        counted = _noun_before(text, folded, m.start())
        how = "名词+数字+量词"
        confidence -= 0.05
        change = _change(folded, clause, m.start())
        if change:
            how += f"（{change.group()}）"  # the counted noun is the measure; keep how it moved
        if not counted and rest.startswith("的"):
            counted = _noun_after(text, folded, end + 1)  # "90%以上的村实现…"
    if not counted:
        confidence -= 0.3
        how = NOTHING
    if chinese:
        confidence -= 0.1
        how += "（中文数字）"

    sentence_start = _sentence_start(folded, start)
    kind = _kind(folded, sentence_start, start)
    if kind == "expected":
        confidence -= 0.1
    period = _period(text, folded, sentence_start, start, kind)
    if not reason:
        reason = how + ("；预期数字" if kind == "expected" else "")

    return Found(
        start=start,
        end=end,
        quote=text[start:end],
        value=value,
        unit=unit,
        amount=amount,
        base_unit=base_unit,
        qualifier=qualifier,
        amount_max=amount_max,
        counted=counted,
        kind=kind,
        period=period,
        confidence=round(max(0.05, min(confidence, 1.0)), 2),
        reason=reason,
    )


def _kind(folded: str, sentence_start: int, start: int) -> str:
    """Return expected when a planning word earlier in the sentence still governs start."""
    # Only the last planning word outside quotes matters: look for it from the end.
    markers = reversed(list(EXPECTED.finditer(folded, sentence_start, start)))
    marker = next((m for m in markers if _in_quotes(folded, m.start()) is None), None)
    if marker is None:
        return "achieved"
    for comma in CLAUSE_BREAK.finditer(folded, marker.end(), start):
        if RESULT.match(folded, comma.end(), start):
            return "achieved"
    return "expected"


def _period(text: str, folded: str, sentence_start: int, start: int, kind: str) -> str:
    """Return the last period the sentence gives before start, outside quotes ("每周一修")."""
    if PERIOD_CHARS.search(folded, sentence_start, start) is None:
        return ""
    periods = (
        p
        for p in reversed(list(PERIOD.finditer(folded, sentence_start, start)))
        if _in_quotes(folded, p.start()) is None
        # "目前，二期工程已开工，计划修建…45公里": a plan is not counted up to now.
        and not (kind == "expected" and SO_FAR.search(p.group()))
    )
    chosen = next(periods, None)
    if chosen is None:
        return ""
    if chosen.group() == "累计":
        chosen = next(periods, chosen)  # "截至目前，全县累计…": the date says more than 累计
    return text[chosen.start() : chosen.end()]
