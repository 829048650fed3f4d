"""The 32 cities of the bundled demo data: codes, names, provinces, regions and WGS-84 centres.

Regions follow the seven-region convention of the export contract. Each centre was checked to lie inside
its province outline (tests/test_map_assets.py).
"""

from typing import NamedTuple


class DemoCity(NamedTuple):
    city_code: str
    name_zh: str
    name_en: str
    province_zh: str
    province_en: str
    region: str
    lat: float
    lon: float


DEMO_CITIES: tuple[DemoCity, ...] = (
    DemoCity("BJ", "北京", "Beijing", "北京市", "Beijing", "north", 39.9042, 116.4074),
    DemoCity("SH", "上海", "Shanghai", "上海市", "Shanghai", "east", 31.2304, 121.4737),
    DemoCity("SZ", "深圳", "Shenzhen", "广东省", "Guangdong", "south", 22.5431, 114.0579),
    DemoCity("HZ", "杭州", "Hangzhou", "浙江省", "Zhejiang", "east", 30.2741, 120.1551),
    DemoCity("GZ", "广州", "Guangzhou", "广东省", "Guangdong", "south", 23.1291, 113.2644),
    DemoCity("WLMQ", "乌鲁木齐", "Urumqi", "新疆维吾尔自治区", "Xinjiang", "northwest", 43.8256, 87.6168),
    DemoCity("LZ", "兰州", "Lanzhou", "甘肃省", "Gansu", "northwest", 36.0611, 103.8343),
    DemoCity("HHHT", "呼和浩特", "Hohhot", "内蒙古自治区", "Inner Mongolia", "north", 40.8424, 111.7490),
    DemoCity("TJ", "天津", "Tianjin", "天津市", "Tianjin", "north", 39.1256, 117.1902),
    DemoCity("CQ", "重庆", "Chongqing", "重庆市", "Chongqing", "southwest", 29.5630, 106.5516),
    DemoCity("CD", "成都", "Chengdu", "四川省", "Sichuan", "southwest", 30.5728, 104.0668),
    DemoCity("WH", "武汉", "Wuhan", "湖北省", "Hubei", "central", 30.5928, 114.3055),
    DemoCity("NJ", "南京", "Nanjing", "江苏省", "Jiangsu", "east", 32.0603, 118.7969),
    DemoCity("SUZ", "苏州", "Suzhou", "江苏省", "Jiangsu", "east", 31.2990, 120.5853),
    DemoCity("XA", "西安", "Xi'an", "陕西省", "Shaanxi", "northwest", 34.3416, 108.9398),
    DemoCity("CS", "长沙", "Changsha", "湖南省", "Hunan", "central", 28.2282, 112.9388),
    DemoCity("ZZ", "郑州", "Zhengzhou", "河南省", "Henan", "central", 34.7466, 113.6254),
    DemoCity("QD", "青岛", "Qingdao", "山东省", "Shandong", "east", 36.0671, 120.3826),
    DemoCity("JN", "济南", "Jinan", "山东省", "Shandong", "east", 36.6512, 117.1201),
    DemoCity("SY", "沈阳", "Shenyang", "辽宁省", "Liaoning", "northeast", 41.8057, 123.4315),
    DemoCity("DL", "大连", "Dalian", "辽宁省", "Liaoning", "northeast", 38.9140, 121.6147),
    DemoCity("HEB", "哈尔滨", "Harbin", "黑龙江省", "Heilongjiang", "northeast", 45.8038, 126.5350),
    DemoCity("CC", "长春", "Changchun", "吉林省", "Jilin", "northeast", 43.8171, 125.3235),
    DemoCity("XM", "厦门", "Xiamen", "福建省", "Fujian", "east", 24.4798, 118.0894),
    DemoCity("FZ", "福州", "Fuzhou", "福建省", "Fujian", "east", 26.0745, 119.2965),
    DemoCity("HF", "合肥", "Hefei", "安徽省", "Anhui", "east", 31.8206, 117.2272),
    DemoCity("NC", "南昌", "Nanchang", "江西省", "Jiangxi", "east", 28.6820, 115.8579),
    DemoCity("KM", "昆明", "Kunming", "云南省", "Yunnan", "southwest", 25.0389, 102.7183),
    DemoCity("GY", "贵阳", "Guiyang", "贵州省", "Guizhou", "southwest", 26.6470, 106.6302),
    DemoCity("NN", "南宁", "Nanning", "广西壮族自治区", "Guangxi", "south", 22.8170, 108.3665),
    DemoCity("TY", "太原", "Taiyuan", "山西省", "Shanxi", "north", 37.8706, 112.5489),
    DemoCity("SJZ", "石家庄", "Shijiazhuang", "河北省", "Hebei", "north", 38.0428, 114.5149),
)
