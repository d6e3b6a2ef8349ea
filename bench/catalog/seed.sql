-- 10,000 active products (two options each, 12 categories, opening stock on the ledger) straight into the
-- catalog schema, in a few seconds. Run after the store has migrated. Ids are derived from the row number
-- so the joins below need no lookups. About one product in seven is out of stock.
\set ON_ERROR_STOP on
BEGIN;

INSERT INTO catalog.categories (id, name, slug, description, parent_id, position)
SELECT md5('bench-category-' || c)::uuid, 'Bench category ' || c, 'bench-cat-' || c, 'Products made for the benchmark.', NULL, 100 + c
FROM generate_series(1, 12) AS c;

WITH words AS (
  SELECT ARRAY['Lavender', 'Magnesium', 'Heated', 'Cooling', 'Memory Foam', 'Bamboo', 'Weighted', 'Gentle', 'Organic', 'Soft'] AS adjective,
         ARRAY['Wrap', 'Pillow', 'Capsules', 'Blanket', 'Mat', 'Cushion', 'Pad', 'Mask', 'Roller', 'Tea', 'Journal', 'Socks'] AS noun
)
INSERT INTO catalog.products (id, name, slug, summary, description, status, is_featured, seo_title, seo_description, tags,
                              search_keywords, min_price, created_at, updated_at)
SELECT md5('bench-product-' || i)::uuid,
       adjective[1 + i % 10] || ' ' || noun[1 + (i / 10) % 12] || ' ' || i,
       'bench-product-' || i,
       'A ' || lower(adjective[1 + i % 10]) || ' ' || lower(noun[1 + (i / 10) % 12]) || ' for calmer days.',
       'Made for the benchmark. Helps with **rest**, warmth and sleep; washable and quiet. Item number ' || i || '.',
       'Active', i % 50 = 0, NULL, NULL,
       ARRAY[lower(adjective[1 + i % 10]), lower(noun[1 + (i / 10) % 12])],
       lower(adjective[1 + i % 10]) || ' ' || lower(noun[1 + (i / 10) % 12]) || ' BENCH-' || i || '-S BENCH-' || i || '-L Small Large',
       5 + (i % 90), now() - make_interval(secs => i), now() - make_interval(secs => i)
FROM generate_series(1, 10000) AS i, words;

INSERT INTO catalog.variants (id, product_id, name, sku, price, compare_at_price, weight_grams, track_stock, allow_backorder,
                              low_stock_threshold, position, is_archived, on_hand, reserved, units_sold)
SELECT md5('bench-variant-' || i || '-' || v)::uuid, md5('bench-product-' || i)::uuid,
       CASE v WHEN 1 THEN 'Small' ELSE 'Large' END, 'BENCH-' || i || CASE v WHEN 1 THEN '-S' ELSE '-L' END,
       5 + (i % 90) + (v - 1) * 4, CASE WHEN i % 9 = 0 THEN 5 + (i % 90) + (v - 1) * 4 + 6 END, 200 * v, true, false,
       3, v - 1, false, CASE WHEN i % 7 = 0 THEN 0 ELSE (i * v) % 40 + 1 END, 0, i % 13
FROM generate_series(1, 10000) AS i, generate_series(1, 2) AS v;

-- On hand always equals the ledger, here as in the store.
INSERT INTO catalog.stock_movements (variant_id, kind, on_hand_delta, reserved_delta, reason, actor, reservation_id, at)
SELECT id, 'Received', on_hand, 0, 'Opening stock', 'seed', NULL, now()
FROM catalog.variants WHERE sku LIKE 'BENCH-%' AND on_hand > 0;

INSERT INTO catalog.product_categories (categories_id, products_id)
SELECT md5('bench-category-' || (1 + i % 12))::uuid, md5('bench-product-' || i)::uuid
FROM generate_series(1, 10000) AS i;

COMMIT;
ANALYZE catalog.products;
ANALYZE catalog.variants;
ANALYZE catalog.product_categories;
ANALYZE catalog.categories;
