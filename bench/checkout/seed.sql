-- One product on sale with stock for every cart and checkout of the run (1,000,000 units, on the ledger as the
-- store keeps it). Run after the store has migrated; the id is fixed so run.sh can name it.
\set ON_ERROR_STOP on
BEGIN;

INSERT INTO catalog.products (id, name, slug, summary, description, status, is_featured, seo_title, seo_description, tags,
                              search_keywords, min_price, created_at, updated_at)
VALUES (md5('bench-checkout-product')::uuid, 'Bench Heat Pad', 'bench-heat-pad', 'A heat pad for the checkout benchmark.',
        'Made for the benchmark.', 'Active', false, NULL, NULL, ARRAY['heat'], 'bench heat pad BENCH-CHECKOUT', 19.50, now(), now());

INSERT INTO catalog.variants (id, product_id, name, sku, price, compare_at_price, weight_grams, track_stock, allow_backorder,
                              low_stock_threshold, position, is_archived, on_hand, reserved, units_sold)
VALUES (md5('bench-checkout-variant')::uuid, md5('bench-checkout-product')::uuid, 'Standard', 'BENCH-CHECKOUT', 19.50, NULL, 400,
        true, false, 3, 0, false, 1000000, 0, 0);

INSERT INTO catalog.stock_movements (variant_id, kind, on_hand_delta, reserved_delta, reason, actor, reservation_id, at)
VALUES (md5('bench-checkout-variant')::uuid, 'Received', 1000000, 0, 'Opening stock', 'seed', NULL, now());

COMMIT;
SELECT md5('bench-checkout-variant')::uuid;
