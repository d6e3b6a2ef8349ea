-- Export benchmark data: 100,000 orders over a year, two lines each, written straight into Ordering's tables.
BEGIN;
INSERT INTO ordering.orders (id, checkout_id, email, customer_name, currency, subtotal, discount, shipping_method, shipping, tax,
                             tax_rate_percent, total, amount_refunded, status, placed_at, paid_at, shipped_at, stock_settled, join_newsletter)
SELECT gen_random_uuid(), gen_random_uuid(), 'buyer-' || n || '@example.org', 'Buyer number ' || n, 'USD', 40 + n % 60, 0,
       'Standard', 4.95, 0, 0, 44.95 + n % 60, 0, CASE WHEN n % 50 = 0 THEN 'Paid' ELSE 'Shipped' END, t, t + interval '1 minute',
       CASE WHEN n % 50 = 0 THEN NULL ELSE t + interval '1 day' END, true, false
FROM (SELECT n, now() - (n % 365) * interval '1 day' - (n % 1440) * interval '1 minute' AS t
      FROM generate_series(1, 100000) AS n) AS s;

INSERT INTO ordering.order_lines (order_id, position, variant_id, product_id, product_name, variant_name, sku, unit_price, quantity, quantity_refunded)
SELECT o.id, p, gen_random_uuid(), md5('product' || ((o.number + p) % 50))::uuid, 'Bench product ' || ((o.number + p) % 50), 'Standard',
       'BENCH-' || ((o.number + p) % 50), 20 + (o.number + p) % 30, 1 + p, 0
FROM ordering.orders AS o, generate_series(1, 2) AS p;
COMMIT;
ANALYZE ordering.orders, ordering.order_lines;
