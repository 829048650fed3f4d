-- city_directory: every city with its names, province, region and position, for filters and maps.
-- access: open
SELECT city_code, name_zh, name_en, province_zh, province_en, region, lat, lon
FROM cities
ORDER BY region, city_code;
