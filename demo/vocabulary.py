"""Word lists for synthetic demo data: invented place and brand names, themes, titles.

Names are built from pinyin syllables paired with a Chinese character, so every
synthetic name has an English and a Chinese form. None of them is meant to
name a real place or organisation.
"""

SYLLABLES = [
    ("an", "安"),
    ("bai", "白"),
    ("bao", "宝"),
    ("bei", "北"),
    ("bin", "滨"),
    ("chang", "长"),
    ("cheng", "城"),
    ("chuan", "川"),
    ("chun", "春"),
    ("da", "大"),
    ("de", "德"),
    ("dong", "东"),
    ("feng", "丰"),
    ("fu", "福"),
    ("gang", "港"),
    ("gao", "高"),
    ("guang", "广"),
    ("hai", "海"),
    ("he", "河"),
    ("heng", "恒"),
    ("hong", "宏"),
    ("hu", "湖"),
    ("hua", "华"),
    ("huai", "淮"),
    ("hui", "惠"),
    ("jia", "嘉"),
    ("jiang", "江"),
    ("jin", "金"),
    ("jing", "景"),
    ("kang", "康"),
    ("lan", "兰"),
    ("li", "丽"),
    ("lin", "林"),
    ("long", "龙"),
    ("lu", "鹿"),
    ("ming", "明"),
    ("nan", "南"),
    ("ning", "宁"),
    ("ping", "平"),
    ("qing", "青"),
    ("quan", "泉"),
    ("rui", "瑞"),
    ("shan", "山"),
    ("shi", "石"),
    ("shui", "水"),
    ("song", "松"),
    ("tai", "泰"),
    ("tian", "天"),
    ("wen", "文"),
    ("xi", "溪"),
    ("xiang", "祥"),
    ("xin", "新"),
    ("xing", "兴"),
    ("yang", "阳"),
    ("yong", "永"),
    ("yuan", "源"),
    ("yun", "云"),
    ("ze", "泽"),
    ("zhong", "中"),
    ("zhou", "州"),
]

# Syllables that read as brand names rather than places.
BRAND_SYLLABLES = [
    ("chuang", "创"),
    ("ke", "客"),
    ("zhi", "智"),
    ("meng", "梦"),
    ("xing", "星"),
    ("yi", "易"),
    ("ku", "酷"),
    ("lian", "联"),
    ("qi", "启"),
    ("yun", "云"),
    ("feng", "蜂"),
    ("tu", "途"),
    ("le", "乐"),
    ("bo", "博"),
    ("jie", "杰"),
    ("you", "优"),
]

# (English, Chinese) name suffix of each region kind.
REGION_SUFFIXES = {
    "province": ("", "省"),
    "city": ("", "市"),
    "district": (" District", "区"),
}

# What a space focuses on: (English, Chinese).
THEMES = [
    ("Smart Hardware", "智能硬件"),
    ("Youth Startup", "青年创业"),
    ("Digital Creative", "数字创意"),
    ("Biotech", "生物科技"),
    ("New Materials", "新材料"),
    ("Cultural Creative", "文化创意"),
    ("Internet", "互联网"),
    ("Artificial Intelligence", "人工智能"),
    ("Robotics", "机器人"),
    ("E-commerce", "电子商务"),
    ("Returnee Talent", "留学人员"),
    ("Women Founders", "巾帼创业"),
    ("Agritech", "农业科技"),
    ("Fintech", "金融科技"),
    ("Design", "设计"),
    ("Clean Energy", "新能源"),
    ("Medical Devices", "医疗器械"),
    ("Campus", "大学生"),
    ("Film and Animation", "影视动漫"),
    ("Industrial Internet", "工业互联网"),
]

# What a space of each kind is called: (English, Chinese).
SPACE_KIND_WORDS = {
    "maker_space": [("Maker Space", "众创空间"), ("Makerspace", "创客空间"), ("Innovation Space", "创新空间")],
    "incubator": [("Incubator", "孵化器"), ("Incubation Centre", "孵化中心")],
    "co_working": [("Co-working", "联合办公"), ("Shared Office", "共享办公")],
    "hackerspace": [("Hackerspace", "创客工坊"), ("Fab Lab", "创客实验室")],
    "accelerator": [("Accelerator", "加速器")],
    "platform": [("Service Platform", "服务平台"), ("Startup Service Centre", "创业服务中心")],
    "park": [("Innovation Park", "创新园"), ("Startup Base", "创业基地")],
}

# What a company operator does: (English, Chinese).
INDUSTRIES = [
    ("Technology", "科技"),
    ("Innovation Services", "创新服务"),
    ("Incubator Management", "孵化器管理"),
    ("Investment", "投资"),
    ("Culture and Media", "文化传媒"),
    ("Industrial Development", "产业发展"),
]

ASSOCIATION_FIELDS = [
    ("Maker", "创客"),
    ("Youth Entrepreneurship", "青年创业"),
    ("Science and Technology", "科技"),
    ("Returned Scholars", "留学人员"),
]

GOVERNMENT_BODIES = [
    ("Science and Technology Bureau", "科学技术局"),
    ("Human Resources and Social Security Bureau", "人力资源和社会保障局"),
    ("Commerce Bureau", "商务局"),
    ("Development and Reform Commission", "发展和改革委员会"),
]

ROAD_WORDS = ["Keji", "Chuangye", "Xinxing", "Gaoxin", "Renmin", "Jiefang", "Zhongshan", "Binhai", "Huayuan"]

AUDIENCES = [
    "university students and recent graduates",
    "hardware start-ups",
    "early-stage technology teams",
    "returnees from study abroad",
    "young founders",
    "freelancers and small studios",
    "researchers turning lab work into products",
    "foreign entrepreneurs",
]

# Designation titles by level; the level decides how rare they are.
DESIGNATION_TITLES = {
    "national": ["National maker space", "National technology business incubator"],
    "provincial": ["Provincial maker space demonstration base", "Provincial technology incubator"],
    "municipal": ["Municipal maker space", "Municipal innovation and entrepreneurship base"],
    "district": ["District start-up base", "District maker space"],
}

# Services for a directory that has none yet; slugs as in the curated data.
STANDARD_SERVICES = [
    ("coworking-space", "Shared desks and offices"),
    ("mentoring", "Mentoring"),
    ("entrepreneurship-training", "Training"),
    ("funding", "Funding and investment"),
    ("incubation", "Incubation"),
    ("investor-matching", "Investor matching"),
    ("policy-advice", "Policy advice"),
    ("networking-events", "Networking events"),
    ("prototyping", "Prototyping workshop"),
    ("legal-and-accounting", "Legal and accounting help"),
]
