-- Dashboard benchmark data: 100,000 subscribers with their history, 100,000 orders over a year, and a year of
-- article views and product-card clicks for 2,000 articles. Written straight into each module's tables.
BEGIN;

INSERT INTO subscribers.subscribers (id, email, normalized_email, status, preference, created_at, updated_at, confirmed_at, unsubscribed_at)
SELECT gen_random_uuid(), 'bench-' || n || '@example.org', 'bench-' || n || '@example.org',
       CASE WHEN n % 10 = 0 THEN 'Unsubscribed' ELSE 'Confirmed' END, 'EachArticle',
       t, t, t + interval '10 minutes', CASE WHEN n % 10 = 0 THEN t + interval '20 days' END
FROM (SELECT n, now() - (n % 400) * interval '1 day' - (n % 1440) * interval '1 minute' AS t
      FROM generate_series(1, 100000) AS n) AS s;

INSERT INTO subscribers.subscriber_events (subscriber_id, at, what)
SELECT id, created_at, 'joined' FROM subscribers.subscribers WHERE email LIKE 'bench-%'
UNION ALL
SELECT id, confirmed_at, 'confirmed' FROM subscribers.subscribers WHERE email LIKE 'bench-%'
UNION ALL
SELECT id, unsubscribed_at, 'unsubscribed' FROM subscribers.subscribers WHERE email LIKE 'bench-%' AND unsubscribed_at IS NOT NULL;

INSERT INTO editorial.article_views (article_id, day, views)
SELECT a.id, current_date - d, 1 + (abs(hashtext(a.id::text || d)) % 400)
FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, 2000)) AS a, generate_series(0, 364) AS d;

INSERT INTO editorial.product_card_clicks (article_id, product_slug, day, clicks)
SELECT a.id, 'bench-product-' || (abs(hashtext(a.id::text)) % 50), current_date - d, 1 + (abs(hashtext(a.id::text || d)) % 20)
FROM (SELECT article_id AS id FROM editorial.article_views GROUP BY article_id LIMIT 500) AS a, generate_series(0, 364) AS d;

INSERT INTO ordering.orders (id, checkout_id, email, currency, subtotal, discount, shipping_method, shipping, tax, tax_rate_percent,
                             total, amount_refunded, status, placed_at, paid_at, shipped_at, stock_settled, join_newsletter)
SELECT gen_random_uuid(), gen_random_uuid(), 'buyer-' || n || '@example.org', 'USD', 40 + n % 60, 0, 'Standard', 4.95, 0, 0,
       44.95 + n % 60, 0, CASE WHEN n % 50 = 0 THEN 'Paid' ELSE 'Shipped' END, t, t + interval '1 minute',
       CASE WHEN n % 50 = 0 THEN NULL ELSE t + interval '1 day' END, true, false
FROM (SELECT n, now() - (n % 365) * interval '1 day' - (n % 1440) * interval '1 minute' AS t
      FROM generate_series(1, 100000) AS n) AS s;

INSERT INTO ordering.order_lines (order_id, position, variant_id, product_id, product_name, variant_name, sku, unit_price, quantity, quantity_refunded)
SELECT o.id, p, gen_random_uuid(), md5('product' || ((o.number + p) % 50))::uuid, 'Bench product ' || ((o.number + p) % 50), 'Standard',
       'BENCH-' || ((o.number + p) % 50), 20 + (o.number + p) % 30, 1 + p, 0
FROM ordering.orders AS o, generate_series(1, 2) AS p;

INSERT INTO ordering.refunds (id, order_id, amount, restock, lines, reason, actor_id, status, created_at)
SELECT gen_random_uuid(), id, 10, false, '[]', 'Bench refund', 'bench', 'Succeeded', paid_at + interval '3 days'
FROM ordering.orders WHERE number % 100 = 0;

COMMIT;
ANALYZE subscribers.subscribers, subscribers.subscriber_events, editorial.article_views, editorial.product_card_clicks, ordering.orders, ordering.order_lines, ordering.refunds;
