"""The words and patterns of county-newspaper Chinese that the reader applies."""

# A linguist edits them here; the modules beside this one apply them: `figures.py` and
# `counted.py` read figures, `bylines.py` datelines and bylines, `layout.py` and `headlines.py`
# the page's paragraphs and headlines. Patterns whose substance is vocabulary (planning words,
# periods, the verbs around a counted noun) live here too; patterns that only arrange these
# words into a line's structure (a dateline, a byline) stay with the code reading that structure.

import re

# ================================================================ figures: numbers and units

CN_DIGITS = "零〇一二两三四五六七八九"
CN_MAGNITUDES = "十百千万亿"
CN = f"[{CN_DIGITS}{CN_MAGNITUDES}几]+"  # 几 only as in 十几, 二十几
ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = rf"(?:{ARABIC}|{CN})"

# Longest first, so 人次 wins over 人 and 个百分点 over 个.
UNITS = sorted(
    """个百分点 百分点 人次 户次 场次 家次 批次 架次 车次 班次 课时 学时 个月 平方公里 平方米
    立方米 公里 千米 米 公顷 亩 吨 公斤 千克 斤 千瓦时 千瓦 元 个 名 人 位 家 项 次 场 件 支 所
    期 处 类 门 户 座 台 辆 套 间 张 册 本 份 条 篇 部 起 宗 株 棵 头 只 栋 幢 节 堂 届 轮 批
    组 班 团 站 块 片 盏 首 幅 集 天 小时 周 倍 % ‰ 例 笔 单 箱 袋 件次 人份 辆次 台套 兆瓦
    封 枚 副 艘 架 盒 瓶 罐 桶 层 床 顷 眼 孔 根 亿千瓦时 万千瓦 吨次 人天 工日 标准箱
    口 尾 羽 匹 群 棒 盆 筐 趟 头次 只次 平米 千升 美元 欧元 港元 块钱 毛钱 种 方
    """.split(),  # noqa: SIM905
    key=len,
    reverse=True,
)
# Units that are also the first character of common words: after a number they are a unit
# only when these do not follow ("3口之家", "5种植户", "12方面"). A share in tenths ("七成")
# is left to staff.
UNIT_GUARDS = {
    "口": "(?!岸|径|之家|罩|碑|号|令|味|感|袋|腔|粮)",
    "尾": "(?!款|矿|声|号|数|气|巴|部|端)",
    "羽": "(?!毛|绒|球)",
    "群": "(?!众|体|落|英|岛|组|聊|防|租)",
    "棒": "(?!球|槌)",
    "种": "(?!植|子|养|苗|类|粮|草|树|茶|菜|田|地|业|户|猪|牛|羊|鸡|鸭|鹅|兔|蜂|薯|果|源|质)",
    "方": "(?!面|式|案|向|便|言|法|针|位|舱|阵|圆|块|正|志|舟|略|米|可|能|才|其|兴|药)",
}
# Colloquial money and its value in yuan ("五万多块钱", "八九毛钱").
MONEY_UNITS = {"块钱": ("元", 1), "毛钱": ("元", "0.1")}
MULTIPLIERS = {
    "万亿": 10**12,
    "千万": 10**7,
    "百万": 10**6,
    "亿": 10**8,
    "万": 10**4,
    "千": 1000,
    "百": 100,
}

# ================================================================ figures: qualifiers

APPROXIMATE = {"约", "大约", "近", "将近", "接近", "余", "多", "几", "左右", "上下"}
AT_LEAST = {
    "超过",
    "超",
    "逾",
    "突破",
    "过",
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
PRE = (
    "至少有|至少|最少有|最少|最多有|最多|至多|不少于|不低于|不超过|不足|不到|低于|超过|突破"
    "|将近|接近|大约|约|近|超|逾"
)
SEPARATOR = "至|到|-|~|—|－"


def _units(units):
    """Return the units as alternatives, each with its guard."""
    return "|".join(re.escape(u) + UNIT_GUARDS.get(u, "") for u in units)


# A number with its qualifiers, multiplier and unit: "超过1.2万余人次", "2万至5万元",
# "2500元至3500元", "百余名", "三四万元", "十几名".
FIGURE = re.compile(
    rf"(?<![\d.A-Za-z第几{CN_DIGITS}{CN_MAGNITUDES}])(?<!\d,)"
    rf"(?P<pre>{PRE}|(?<!千)上(?=[十百千万亿])|(?<![通经超越度错路记])过(?=[十百千万亿]))?"
    rf"(?P<num>{NUMBER})"
    r"(?: (?=[万亿千百余多]|[^\s\d]))?"  # PDF copy may space a number off its unit: 300 万元
    rf"(?P<mult1>万亿|千万|百万|万|亿)?"
    rf"(?:(?P<unit0>{_units(UNITS)})?(?P<sep>{SEPARATOR})(?P<num2>{NUMBER}))?"
    r"(?P<post0>余|多)?"  # 3000多万元, 20余万元
    r"(?P<mult>万亿|千万|百万|万|亿|千(?![米克瓦升])|百(?!分点))?"
    r"(?P<post1>余|多)?"
    rf"(?P<unit>{_units(UNITS)})"
    r"(?P<post2>以上|以下|左右|上下|以内|余|多)?"
)
# A sum or a head count whose unit the sentence leaves out ("人均增收4000多", "投入3.5亿建设…",
# "涉茶人口80多万"): digits with a multiplier or 余/多, then a pause or a verb of purpose.
IMPLIED = re.compile(
    rf"(?<![\d.A-Za-z第几{CN_DIGITS}{CN_MAGNITUDES}])(?<!\d,)"
    rf"(?P<pre>{PRE})?"
    rf"(?P<num>{ARABIC})"
    r"(?P<post0>余|多)?(?P<mult>万亿|亿|万)?(?P<post1>余|多)?"
    r"(?=[，。；、,;:：！？!?）)\s]|$|建设|用于|推进|推动|实施|改造|打造|发展|支持|扶持|购置|修建|新建"
    r"|增长|增加|提高|提升|上升|下降|减少)"
)
# The measure named just before such a number says its unit; the last one in the clause wins.
IMPLIED_UNITS = re.compile(
    r"(?P<元>收入|增收|投入|投资|资金|产值|销售额|营收|收益|利润|税收|税金|分红|补贴|补助|奖补|工资|GDP"
    r"|薪酬|租金|贷款|融资|总值|交易额|成交额|金额|总额|价值|经费|消费额)"
    r"|(?P<人次>游客|人次)"
    r"|(?P<人>人口|群众|居民|村民|农民|职工|学生|志愿者|党员|人员|劳动力|就业|人数|惠及|受益)"
)

# ================================================================ figures: small Chinese numerals

# "两个村", "五头牛", "八亩茶园" count, while "两个覆盖", "三个代表", "四个全面", "八项规定" name
# slogans and policies. A lone 两…九 (一 reads as "a", 二 as an ordinal: 二期, 二级) counts
# with these units, whose nouns are seldom slogans, unless a one-character place follows
# ("八所镇", "三台县").
SMALL_MEASURES = set(
    """亩 公顷 吨 斤 公斤 千克 公里 千米 米 平方米 元 名 位 头 只 匹 座 所 栋 幢 间 袋 箱 筐 盆
    批次 户 块钱 毛钱 个百分点 百分点""".split()  # noqa: SIM905
)
# With any other unit it counts only things that end with one of these ("两期研修班").
COUNTABLE = re.compile(
    r"(?:村|镇|乡|社区|街道|小区|村组|企业|公司|合作社|基地|园区|车间|工厂|厂|店|站|中心|学校|院"
    r"|卫生室|市场|超市|班|服务队|分队|活动|会议|讲座|比赛|演出|展览|培训|课|专利|证书|奖项|产品"
    r"|桥|井|池|塘|库|渠|棚|房|楼|厕|车|船|家庭|农户|群众|党员|干部|老人|儿童|学生|专家|人才|志愿者)$"
)
# Units a small Chinese numeral never counts with: sets of policies ("三项制度", "八项规定").
SLOGAN_UNITS = {"项"}
# Schemes named by a small numeral and its unit ("五户联保", "十户联防", "三位一体").
SCHEME_NAME = re.compile(r"联[保防动创建管治]|一体|合一")

# ================================================================ figures: what is not one

# A letter before one of these after digits makes a code ("X5型", "4A级").
CODE_SUFFIX = "型级后号版代式"
AGE_NEXT = re.compile(r"\d{1,3}周?岁")
# Numerals that start a grade, not a slogan after a count ("1家二级医院", "3所一级园").
GRADE = re.compile(r"[一二三四][级甲乙等线流星]|一站式|一体化")
# "1036户3520人": households, then the people in them; not a code.
PAIRED = re.compile(r"[\d,.]+万?(?:人|名)(?![\d次])")
# "三期工程", "二期项目": a phase, not a number of sessions.
PHASE = re.compile(r"工程|项目|建设")
# One-character places a small numeral and its unit may begin ("八所镇", "三元区").
PLACES = set("县区市镇乡村里山河湖江")
# Units that are what is counted when nothing else is named ("惠及3.2万人", "帮扶1234户").
UNIT_NOUNS = {"人", "户", "人次", "户次"}
# Verbs whose object right after them is those people or households ("建成后将带动200户").
BENEFITS = re.compile(
    r"(?:带动|惠及|帮扶|帮助|服务|覆盖|吸纳|辐射|救助|安置|转移|输转|慰问|走访|结对)$"
)

# ================================================================ figures: periods

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
# Periods that run up to now, which only an achieved figure can have.
SO_FAR = re.compile(r"目前|当前|至今|截至|截止|累计|以来|近年来")

# ================================================================ figures: achieved or expected

# Planning words: they make every figure after them in the sentence expected, up to 。；
# ("计划每年开展培训不少于50期，培训学员约3000人次" expects both). Every alternative opens
# with its word, the look-behinds after it, so the scan skips other characters quickly.
EXPECTED = re.compile(
    r"计划(?<!制定计划)(?<!实施计划)(?<!行动计划)(?<!工作计划)(?<!培养计划)(?<!帮扶计划)"
    r"(?<!发展计划)(?<!生产计划)(?<!采购计划)(?![的书表中内外生单经，。；、”,;])"
    r"|预计|力争|拟(?<![模虚草比]拟)|有望|预期|下一步|将来|目标(?:是|为|到|[：:])"
    # A target and then what it asks for ("年度目标新增就业1200人", "下达造林任务8.5万亩").
    r"|目标(?:任务)?(?=(?:新增|完成|实现|建成|建设|达到|增长|提高|培育|打造|引进|带动|转移|发展|改造"
    r"|新建)(?![率额量数]))"
    # Only up to the figure is scanned, so "任务" ending the scan stands right before it.
    r"|任务(?<!完成任务)$"
    # 争取 also means "obtained" ("争取上级资金500万元"); only a target date or aim is a plan.
    r"|争取(?=到?\d{4}年|在|于|年底|年内|今年|明年|全年|早日|实现|达到|建成|完成|用|再|更多)"
    r"|还将|并将|也将|将于|将在|将要|将会|即将|将陆续|将继续|将再"
    r"|规划(?=建设|新建|建成|布局|种植|发展|打造|实施|改造)"
    r"|将(?=达到|超过|新增|新建|实现|建成|完成|增加|带动|惠及|覆盖|突破|形成|建设|打造|培育|开展|举办"
    r"|投入|提供|吸纳|创造|改造|启动|实施|推出|开工|投用|达)"
    r"|可(?=增加|实现|带动|达到|新增|提供|解决|吸纳|创造|节约|减少|达|使|惠及|帮助|覆盖|增收|容纳"
    r"|分红|获得)"
    r"|计划到|争取到|到\d{4}年(?:底|末)?"
)
# A later clause that reports a result ends a plan's scope ("…10处，目前已建成6处").
CLAUSE_BREAK = re.compile(r"[，,：:]")
RESULT = re.compile(
    r"[^，。；,;：:]{0,8}?(?:目前|现已|已经|已|截至|截止|累计|实际|今年以来|去年以来|此前)"
)

# ================================================================ figures: what is counted

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
    r"|签约|落地|开班|开课|开诊|营业|入选|上榜|通上|出行|涵盖|包括|包含"
    r"|驻村(?!工作队|干部|第一书记|帮扶)|指导(?!员|站|中心|组|老师)"
    r"|更加|纷纷|逐步|有效|持续|率先|首次|基本|初步|正"
    r"|发放|免费|赠送|送上|送去|办理|申领|[吃用住过喝穿坐]上"
    # "1.5万余户农户种植青稞", but "蔬菜种植基地", "茶叶加工企业" are nouns
    r"|(?:种植|养殖|开办|经营|从事|务工|创业|推行|实行|发展)"
    r"(?!企业|基地|园|场|户|大户|合作社|中心|车间|面积|规模|产量|能力|技术|项目|示范|专业|人员|主体"
    r"|环节|收入|设备|线|链|业|区|模式|水平|资金|条件)"
)
# A verb right after the unit means the noun came before the number ("企业家2次走进非洲").
VERB_AFTER = re.compile(
    r"走进|走上|走访|走入|参加|参与|获得|获|受益|开展|举办|进行|实施|完成|达到|担任|讲述|分别|先后"
    r"|共(?!建|享|治|创|育|同)|均|已|都|以上|以下|左右|之间|的|是|为|和|与|及|等|参观|学习|赴|被|人民币|组成"
    r"|建设(?!项目|用地|工程|任务)|用于|打造|改造|新建|建成|实施(?!方案|项目)"
    r"|增收(?!项目|渠道|产业|致富)|致富(?!带头人|能手|项目|产业|路)|开办|返乡(?!创业|人员|农民工)"
    r"|脱贫(?!劳动力|户|人口|群众|村|家庭|对象|攻坚|地区|县|监测)|务工(?!人员|人数|收入|群众)"
    r"|入股(?!农户|资金|分红|企业)"
    r"|(?:种植|养殖)(?!基地|园|区|户|大户|面积|规模|场|合作社|企业|技术)"
)
# What money after it is spent on ("投资8亿元推进光伏电站提质增效"): the noun is before it.
PURPOSE = re.compile(
    r"(?:推进|推动|支持|扶持|发展|购置|完善|升级|修复|保障|解决|开发|培育|修建|硬化|铺设|安装"
    r"|采购|引进|建立|加强|加快|提升|实施|新建|改造)(?!资金|项目|基金|专项|款|金|政策|标准)"
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
    r"|推广|纳入|识别|认领|推行|实行|领办|承办|孵化|选树|培树|表彰|安置|输转|救助|义诊|接种|抽检"
    r"|巡查|清运|清理|拆除|投放|新修|打(?=机?井)"
)
# A verb and one character after it make a noun when the character names a measure, a place
# or a person ("完成率", "安置点", "服务员"), not the object of the verb ("修建桥2座").
NOUN_SUFFIXES = set("率额量数值价比度费款金点站班室所区园馆员者师队")
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
# A verb whose "object" is one of these names a measure ("大蒜种植面积"), it governs nothing.
MEASURES = re.compile(r"^(?:面积|规模|总量|产量|人数|数量|总数|产值|金额|总额|收入|比例|时长)$")
ADVERBS = {"再", "将", "已", "已经", "有", "共有"}  # in VERBS, but no verb a noun can follow
# Verbs that also name an activity: after another verb they belong to the noun
# ("组织招聘活动136场" -> 招聘活动, while "培训学员3000人次" -> 学员).
NOMINAL = {"招聘", "培训", "慰问", "走访", "走访慰问", "招募", "招引", "调解", "帮扶", "宣讲"}
SPENDING = {"投资", "投入", "筹集", "拨付", "募集", "支付", "兑现"}
PARTICLES = re.compile(r"^(?:至|到|了|为|达|约|近|超过|超|逾|共|计|近|总计)*$")
# Subjects and adverbs before the noun, which are not what is counted ("该县投入专项资金").
LEADING = re.compile(
    r"^(?:该县|该市|该区|该镇|该乡|该村|该街道|全县|全市|全区|全省|全镇|全乡|全村|各级各类|各类|各种"
    r"|各(?!级)"
    r"|共有|共计|共|累计|其中|还|又|再|已经|已|均|都|力争|计划|争取|预计|确保|年底前|年内|到年底"
    r"|占(?!地)|同比|环比|分别|年度目标|全年目标|目标任务|目标"
    r"|还将|将|可|拟|有望"
    r"|[\u4e00-\u9fff]{2,3}?[县市](?=[\u4e00-\u9fff]{2}))"
)
TRAILING = re.compile(
    r"(?:占比|比例|比重|共计|累计|达到|达|为|约|近|超过|计|合计|同比|环比|分别|均|都|也|已经|已|共"
    r"|全部|全面|总共|一共|还将|将|可|有望|预计|力争|争取|突破|在|(?<!成)就|仅"
    r"|(?<=[\u4e00-\u9fff]{2})每[\u4e00-\u9fff])$"
)
# A comparison and its base before a figure ("订单收购价每斤高出市场价0.2元"): what is
# counted is the subject before it.
COMPARED = re.compile(r"(?:高出|高于|超出|多出|低于|少于)[\u4e00-\u9fff“”]{0,8}$")
# "人均纯收入由2013年的1668元增加到2.5万元": the measure before 由 or 从 is what both count.
FROM = re.compile(r"[由从](?:[^，。；,;：:]{0,12}的)?$")
FROM_TO = re.compile(
    r"[由从][^，。；,;：:]{0,30}?(?:增长|增加|提高|提升|上升|下降|减少|降低|扩大|缩小|发展)了?(?:到|至)"
    r"(?:[^，。；,;：:]{0,12}的)?$"
)
CHANGE_TO = re.compile(r"(?:增长|增加|提高|提升|上升|下降|减少|降低|扩大|缩小|发展)了?(?:到|至)")
# Only joining words between two figures: the second counts what the first does ("16.5%和21.3%").
COORDINATED = re.compile(r"^[和与及、或至到\s]*$")
# Characters that end a noun phrase read backwards from a figure.
DELIMITERS = "，。；：、！？,.;:!?　 \n等的"

# ================================================================ pages: datelines and bylines

# Kinds of newspaper a dateline names ("大众日报济宁讯") and agencies that file by wire.
PAPER_KINDS = "日报|晚报|早报|都市报|时报|商报|导报"
AGENCIES = "新华社|中新社|人民网|新华网|央视网"
# Who wrote or photographed a report ("本报全媒体记者", "通讯员", "实习生").
ROLES = (
    "(?:本报)?(?:特约|见习|实习|首席|摄影|融媒体?|全媒体|新媒体|特派|驻站)?记者"
    "|(?:本报)?(?:特约)?通讯员|实习生|摄影|编辑|报道员"
)
# Publishers named before a role ("大众日报记者", "新华社记者", "齐鲁晚报·齐鲁壹点记者").
BYLINE_PUBLISHERS = "日报|晚报|早报|都市报|时报|商报|导报|新闻网|新华社|中新社|电视台"
# Boxes and triangles printed before a byline, credit or brief.
MARKS = "□■▲△◆◇●○☆★"
# What a place name ends with ("汶上县", "太白湖新区", "越河街道").
PLACE_SUFFIXES = "县|市|区|新区|镇|乡|街道|经开区|高新区"

# ================================================================ pages: layout and headlines

# Words that open a new paragraph of a news report; after a blank line they start one even
# where the sentence before filled its column.
OPENER = re.compile(
    r"(?:下一步|据了解|据悉|据介绍|近年来|今年以来|去年以来|近日|日前|目前|此外|另外|与此同时"
    r"|截至|截止|\d{4}年(?:以来)?|[今去明]年)[，,]"
)
# A headline line ending or starting with one of these runs on into the next.
CONNECTORS = "与和及并且而的之在对为把将让向从以于、，：:—"
# Clauses that only say when ("近日，", "5月16日，") say nothing a headline would.
WHEN = re.compile(
    r"(?:近日|日前|近期|目前|当前|近年来|今年以来|去年以来|[今去]年|[上下]半年|\d{4}年(?:以来)?"
    r"|(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:上午|下午|晚)?|\d{1,2}日(?:上午|下午|晚)?)"
)

# ================================================================ places: which county a report is about

# The tails of functional zones' names (济宁经开区, 长春高新区): written alone, they name a zone
# only where the paper's or the report's region leaves one such zone.
ZONE_TAILS = ("经开区", "高新区", "开发区", "经济开发区", "高新技术产业开发区", "新区", "示范区")
# County names that are also ordinary words ("城区学校"): read only with a region that decides.
GENERIC_PLACE_NAMES = frozenset({"城区", "郊区", "矿区"})
# Short forms that name no one place, or many: never read as a county.
GENERIC_SHORT_FORMS = frozenset(
    """城区 新区 高新 经开 开发 郊区 矿区 市中 城关 城中 城东 城西 城南 城北 东区 西区 南区
    北区 中区 新城 老城 古城 园区 工业区 开发区 市辖 市直辖 省直辖""".split()  # noqa: SIM905
)
# Short forms that are also common words: read as a county only where a place is expected (in
# a dateline, a brief's marker or a headline's "汶上：") and never in running text. The
# gazetteer adds the words common in general Chinese (jionlp's IDF table); these are the
# place-like words it misses.
COMMON_PLACE_WORDS = frozenset(
    """振兴 延长 合作 东方 和平 光明 前进 友谊 富裕 方正 大方 通道 安定 安宁 清水 新兴 高明
    互助 共和 乐业 富民 长寿 太平 文明 先锋 胜利 红旗 向阳 新华 平安 白云 吉利 宏伟 工农 龙凤
    元宝 平房 丰满 东风 西市 站前 白塔 永安 长安 宝山 青山 南山 东山 西山 金山 朝阳 鼓楼 海港
    港口 中原 上街 二七 爱民 建华 铁西 铁东 立山 红山 松山 龙华 宝安 福田 南海 东海 天河 江城
    石林 大化 华容 通海 新市 桥东 桥西 路北 路南 城厢 海城 江南 江北 河东 河西 山南 山阳 安乡
    太和 清河 龙潭 二道 新民 民乐 永和 和顺 和政 大同 永胜 长宁 普陀 静安 黄埔 白山 红旗 新化
    新乡 开原 集贤 兴宁 宁安 阳明 五常 双城 尚志 东宁 东兴 凭祥 富锦 同江 东港 西安
    阳春 连山 龙城 北镇 黑山 太子河 海州 新城 东城 西城 南城 北城""".split()  # noqa: SIM905
)
# What follows a short form when it names a road, a street or a village, not the county
# ("汶上路", "金乡村").
NOT_AFTER_SHORT_FORM = ("路", "街", "大道", "村", "镇", "乡", "社区", "小区", "广场", "公园")
# Words of a report about a whole prefecture or province, not one of its counties.
REGION_WIDE = re.compile(r"全市|全省|全州|全盟|全区域|各县|各区县|各县区|各县市")
