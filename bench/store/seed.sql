-- The store benchmark's data, straight into each module's tables, for a store that has just been migrated. At
-- scale 1 (psql -v scale=N): 10,000 products with two options and two photos each in 12 categories, their opening
-- stock on the ledger; 2,000 published articles in 8 categories with 2 tags and 2 product cards each, and 20,000
-- approved replies (threaded); 100,000 subscribers with their history; 100,000 orders with two lines each and the
-- checkouts they were paid through, with 10,000 more left unpaid. Each of
-- those is N times larger at scale N; the lists a store does not grow with its data (categories, tags) stay as they
-- are. Plus one product with 1,000,000 units for the checkout runs. Ids come from the row number, so the joins need
-- no lookups and run.sh can name what it measures (bench-article-100, bench-product-500, bench-cat-3, the variants
-- of bench-product-1..3).
\set ON_ERROR_STOP on
SELECT (10000 * :scale)::int AS products, (2000 * :scale)::int AS articles, (100000 * :scale)::int AS people \gset
BEGIN;

-- Catalog ---------------------------------------------------------------------------------------------------------

INSERT INTO catalog.categories (id, name, slug, description, parent_id, position)
SELECT md5('bench-category-' || c)::uuid, 'Bench category ' || c, 'bench-cat-' || c,
       'Products gathered for the benchmark: warmth, rest and gentle movement.', NULL, 100 + c
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
       E'Made for the benchmark. Helps with **rest**, warmth and sleep on the harder days.\n\n'
         || E'- Washable cover, quiet to move on\n- Sized for a shoulder, a lower back or a knee\n- Sent in plain, recyclable packaging\n\n'
         || 'Item number ' || i || '. Please read the label before use and ask your doctor if you are unsure.',
       'Active', i % 50 = 0, NULL, NULL,
       ARRAY[lower(adjective[1 + i % 10]), lower(noun[1 + (i / 10) % 12])],
       lower(adjective[1 + i % 10]) || ' ' || lower(noun[1 + (i / 10) % 12]) || ' BENCH-' || i || '-S BENCH-' || i || '-L Small Large',
       5 + (i % 90), now() - make_interval(secs => i), now() - make_interval(secs => i)
FROM generate_series(1, :products) AS i, words;

INSERT INTO catalog.variants (id, product_id, name, sku, price, compare_at_price, weight_grams, track_stock, allow_backorder,
                              low_stock_threshold, position, is_archived, on_hand, reserved, units_sold)
SELECT md5('bench-variant-' || i || '-' || v)::uuid, md5('bench-product-' || i)::uuid,
       CASE v WHEN 1 THEN 'Small' ELSE 'Large' END, 'BENCH-' || i || CASE v WHEN 1 THEN '-S' ELSE '-L' END,
       5 + (i % 90) + (v - 1) * 4, CASE WHEN i % 9 = 0 THEN 5 + (i % 90) + (v - 1) * 4 + 6 END, 200 * v, true, false,
       3, v - 1, false,
       -- About one product in seven is sold out; the first three (the cart's) always have plenty.
       CASE WHEN i <= 3 THEN 100000 WHEN i % 7 = 0 THEN 0 ELSE (i * v) % 40 + 1 END, 0, i % 13
FROM generate_series(1, :products) AS i, generate_series(1, 2) AS v;

-- Two photos each, as the store keeps an uploaded image: the files are not there, only the rows pages read.
INSERT INTO catalog.product_images (id, product_id, position, alt, url, card_url, src_set, width, height)
SELECT md5('bench-image-' || i || '-' || k)::uuid, md5('bench-product-' || i)::uuid, k - 1, 'Bench product ' || i || ', photo ' || k,
       '/media/bench/product-' || i || '-' || k || '-1200.webp', '/media/bench/product-' || i || '-' || k || '-400.webp',
       '/media/bench/product-' || i || '-' || k || '-400.webp 400w, /media/bench/product-' || i || '-' || k || '-800.webp 800w, /media/bench/product-' || i || '-' || k || '-1200.webp 1200w',
       1200, 1200
FROM generate_series(1, :products) AS i, generate_series(1, 2) AS k;

INSERT INTO catalog.product_categories (categories_id, products_id)
SELECT md5('bench-category-' || (1 + i % 12))::uuid, md5('bench-product-' || i)::uuid
FROM generate_series(1, :products) AS i;

-- The checkout runs' product: enough stock for every checkout of a run.
INSERT INTO catalog.products (id, name, slug, summary, description, status, is_featured, seo_title, seo_description, tags,
                              search_keywords, min_price, created_at, updated_at)
VALUES (md5('bench-checkout-product')::uuid, 'Bench Heat Pad', 'bench-heat-pad', 'A heat pad for the checkout benchmark.',
        'Made for the benchmark.', 'Active', false, NULL, NULL, ARRAY['heat'], 'bench heat pad BENCH-CHECKOUT', 19.50,
        now() - interval '1 day', now() - interval '1 day');
INSERT INTO catalog.variants (id, product_id, name, sku, price, compare_at_price, weight_grams, track_stock, allow_backorder,
                              low_stock_threshold, position, is_archived, on_hand, reserved, units_sold)
VALUES (md5('bench-checkout-variant')::uuid, md5('bench-checkout-product')::uuid, 'Standard', 'BENCH-CHECKOUT', 19.50, NULL, 400,
        true, false, 3, 0, false, 1000000, 0, 0);

-- On hand always equals the ledger, here as in the store.
INSERT INTO catalog.stock_movements (variant_id, kind, on_hand_delta, reserved_delta, reason, actor, reservation_id, at)
SELECT id, 'Received', on_hand, 0, 'Opening stock', 'seed', NULL, now() - interval '1 day'
FROM catalog.variants WHERE sku LIKE 'BENCH-%' AND on_hand > 0;

-- Editorial -------------------------------------------------------------------------------------------------------

INSERT INTO editorial.categories (id, slug, name, description)
SELECT md5('bench-topic-' || c)::uuid, 'bench-topic-' || c,
       (ARRAY['Sleep', 'Pain', 'Fatigue', 'Food', 'Movement', 'Work', 'Family', 'Research'])[c],
       'Articles gathered for the benchmark.'
FROM generate_series(1, 8) AS c;

INSERT INTO editorial.tags (id, slug, name)
SELECT md5('bench-tag-' || t)::uuid, 'bench-tag-' || t, 'Bench tag ' || t
FROM generate_series(1, 20) AS t;

-- A long article: eight sections of several paragraphs, two product cards (stored as the renderer's markers), a
-- table of contents and references, about 1,400 words.
WITH parts AS (
  SELECT ARRAY['Magnesium and sleep', 'Pacing a busy week', 'Heat, cold and sore muscles', 'Eating for steadier energy',
               'Gentle stretching in the morning', 'Talking to your employer', 'Brain fog at the shops', 'What the studies say'] AS heading,
         ARRAY['Many readers tell us that the first hour after waking is the hardest. Muscles feel stiff, thoughts come slowly '
               || 'and the day ahead can seem long. Small routines help: a glass of water by the bed, a warm shower, and a plan '
               || 'that is written down the night before so nothing has to be remembered.',
               'Pacing means spreading effort across the day instead of spending it all at once. Try setting a timer for twenty '
               || 'minutes of activity, then resting for ten, even on good days. Over a few weeks the good days tend to last '
               || 'longer and the crashes become less deep.',
               'Warmth relaxes tight muscles and many people find a heat pad on the lower back eases the ache enough to sleep. '
               || 'Cold packs suit swollen joints better. Keep a cloth between the pack and your skin and never fall asleep on a '
               || 'heat pad that has no timer.',
               'Magnesium is involved in muscle relaxation and nerve signalling. Some small studies suggest it may ease muscle '
               || 'pain or improve sleep for some people, while others found no clear effect. Talk to your doctor before starting '
               || 'a supplement, especially if you take other medicines.',
               'Regular meals with protein and fibre keep energy steadier than large meals with long gaps. Preparing food in '
               || 'batches on a better day means there is something nourishing ready when cooking feels impossible.',
               'Fibro fog makes lists, names and appointments slip away. Write things down in one place, set reminders on your '
               || 'phone, and ask people to send details by message so you can read them again later.',
               'Telling an employer about a long-term condition is a personal choice. If you do, come with suggestions: a chair '
               || 'that supports your back, flexible start times, or the chance to work from home on difficult days.',
               'Research into fibromyalgia has grown over the past twenty years. Studies now point to changes in how the nervous '
               || 'system processes pain, which helps explain why the pain is real even when scans and blood tests look normal.'] AS paragraph
)
INSERT INTO editorial.articles (id, slug, title, excerpt, markdown, body_html, body_text, toc_json, "references", references_html,
                                product_slugs, reading_minutes, seo_title, seo_description, image_url, image_alt, category_id,
                                author_name, author_slug, last_reviewed_on, reviewed_by, show_disclaimer, send_to_subscribers,
                                replies_closed, status, publish_at, published_at, first_published_at, created_at, updated_at,
                                preview_token, import_key)
SELECT md5('bench-article-' || i)::uuid,
       'bench-article-' || i,
       heading[1 + i % 8] || ': notes from reader ' || i,
       'What helped readers with ' || lower(heading[1 + i % 8]) || ', in plain words, with the research behind it.',
       'Written for the benchmark.',
       string_agg('<h2 id="part-' || s || '">' || heading[1 + (i + s) % 8] || '</h2>'
                  || repeat('<p>' || paragraph[1 + (i + s) % 8] || '</p>', 3)
                  || CASE s WHEN 2 THEN '<p>[[product:bench-product-' || (1 + (i * 7) % :products) || ']]</p>'
                            WHEN 5 THEN '<p>[[product:bench-product-' || (1 + (i * 13) % :products) || ']]</p>'
                            ELSE '' END, '' ORDER BY s),
       string_agg(heading[1 + (i + s) % 8] || ' ' || repeat(paragraph[1 + (i + s) % 8] || ' ', 3), ' ' ORDER BY s),
       jsonb_agg(jsonb_build_object('Level', 2, 'Id', 'part-' || s, 'Text', heading[1 + (i + s) % 8]) ORDER BY s),
       '1. A study of sleep and pain. Journal of Bench Medicine, 2021.',
       '<ol><li>A study of sleep and pain. <em>Journal of Bench Medicine</em>, 2021.</li><li>Living well with long-term pain. Bench Press, 2019.</li></ol>',
       ARRAY['bench-product-' || (1 + (i * 7) % :products), 'bench-product-' || (1 + (i * 13) % :products)],
       7, NULL, NULL, NULL, NULL, md5('bench-topic-' || (1 + i % 8))::uuid,
       'Bench Writer', 'bench-writer', current_date - (i % 300), 'Bench Reviewer', i % 4 = 0, false,
       false, 'Published', NULL, now() - make_interval(mins => i), now() - make_interval(mins => i),
       now() - make_interval(mins => i), now() - make_interval(mins => i), md5('bench-preview-' || i), NULL
FROM generate_series(1, :articles) AS i, generate_series(1, 8) AS s, parts
GROUP BY i, heading, paragraph;

INSERT INTO editorial.article_tags (articles_id, tags_id)
SELECT md5('bench-article-' || i)::uuid, md5('bench-tag-' || (1 + (i + t * 7) % 20))::uuid
FROM generate_series(1, :articles) AS i, generate_series(0, 1) AS t;

-- Ten approved replies per article, the second half answering the first.
INSERT INTO editorial.replies (id, article_id, parent_id, author_name, email, website, user_id, body, body_html, status,
                               created_at, approved_at, notify_on_reply, notify_token, import_key)
SELECT md5('bench-reply-' || i || '-' || r)::uuid, md5('bench-article-' || i)::uuid,
       CASE WHEN r > 5 THEN md5('bench-reply-' || i || '-' || (r - 5))::uuid END,
       'Reader ' || ((i * 10 + r) % 5000), 'reader-' || ((i * 10 + r) % 5000) || '@example.org', NULL, NULL,
       'Thank you for this. The part about pacing made sense to me, and I will try the timer this week.',
       '<p>Thank you for this. The part about pacing made sense to me, and I will try the timer this week.</p>',
       'Approved', now() - make_interval(mins => i) + make_interval(hours => r), now() - make_interval(mins => i) + make_interval(hours => r),
       false, md5('bench-reply-token-' || i || '-' || r), NULL
FROM generate_series(1, :articles) AS i, generate_series(1, 10) AS r;

-- Subscribers -----------------------------------------------------------------------------------------------------

INSERT INTO subscribers.subscribers (id, email, normalized_email, status, preference, created_at, updated_at, confirmed_at, unsubscribed_at)
SELECT md5('bench-subscriber-' || n)::uuid, 'bench-' || n || '@example.org', 'bench-' || n || '@example.org',
       CASE WHEN n % 10 = 0 THEN 'Unsubscribed' ELSE 'Confirmed' END, CASE WHEN n % 5 = 0 THEN 'WeeklyDigest' ELSE 'EachArticle' END,
       t, t, t + interval '10 minutes', CASE WHEN n % 10 = 0 THEN t + interval '20 days' END
FROM (SELECT n, now() - (n % 400) * interval '1 day' - (n % 1440) * interval '1 minute' AS t
      FROM generate_series(1, :people) AS n) AS s;

INSERT INTO subscribers.subscriber_events (subscriber_id, at, what)
SELECT id, created_at, 'joined' FROM subscribers.subscribers WHERE email LIKE 'bench-%'
UNION ALL
SELECT id, confirmed_at, 'confirmed' FROM subscribers.subscribers WHERE email LIKE 'bench-%'
UNION ALL
SELECT id, unsubscribed_at, 'unsubscribed' FROM subscribers.subscribers WHERE email LIKE 'bench-%' AND unsubscribed_at IS NOT NULL;

-- Ordering --------------------------------------------------------------------------------------------------------

INSERT INTO ordering.orders (id, checkout_id, email, customer_name, currency, subtotal, discount, shipping_method, shipping, tax,
                             tax_rate_percent, total, amount_refunded, status, placed_at, paid_at, shipped_at, stock_settled, join_newsletter)
SELECT md5('bench-order-' || n)::uuid, md5('bench-order-checkout-' || n)::uuid, 'buyer-' || (n % 40000) || '@example.org',
       'Buyer ' || (n % 40000), 'USD', 40 + n % 60, 0, 'Standard', 4.95, 0, 0,
       44.95 + n % 60, 0, CASE WHEN n % 50 = 0 THEN 'Paid' ELSE 'Shipped' END, t, t + interval '1 minute',
       CASE WHEN n % 50 = 0 THEN NULL ELSE t + interval '1 day' END, true, false
FROM (SELECT n, now() - (n % 365) * interval '1 day' - (n % 1440) * interval '1 minute' AS t
      FROM generate_series(1, :people) AS n) AS s;

INSERT INTO ordering.order_lines (order_id, position, variant_id, product_id, product_name, variant_name, sku, unit_price, quantity, quantity_refunded)
SELECT md5('bench-order-' || n)::uuid, p, md5('bench-variant-' || k || '-' || p)::uuid, md5('bench-product-' || k)::uuid,
       'Bench product ' || k, CASE p WHEN 1 THEN 'Small' ELSE 'Large' END, 'BENCH-' || k || CASE p WHEN 1 THEN '-S' ELSE '-L' END,
       20 + k % 30, 1, 0
FROM generate_series(1, :people) AS n, generate_series(1, 2) AS p,
     LATERAL (SELECT 1 + (n * 31 + p) % (:products) AS k) AS product;

-- The checkout each order was paid through, and one a visitor left unpaid for every tenth order, as a store's
-- checkouts table holds them: each shopper's own address hashed as the store keeps it (see CheckoutClient).
INSERT INTO ordering.checkouts (id, cart_id, customer_id, email, currency, lines, subtotal, discount, shipping_name, shipping, tax,
                                tax_rate_percent, total, join_newsletter, session_id, status, created_at, expires_at, client_key,
                                discount_held, units)
SELECT CASE WHEN paid THEN md5('bench-order-checkout-' || n) ELSE md5('bench-left-checkout-' || n) END::uuid,
       md5('bench-cart-' || n || paid::text)::uuid, NULL, 'buyer-' || (n % 40000) || '@example.org', 'USD',
       jsonb_build_array(
         jsonb_build_object('variantId', md5('bench-variant-' || k || '-1')::uuid, 'productId', md5('bench-product-' || k)::uuid,
                            'productName', 'Bench product ' || k, 'variantName', 'Small', 'sku', 'BENCH-' || k || '-S',
                            'unitPrice', 20 + k % 30, 'quantity', 1, 'imageUrl', NULL),
         jsonb_build_object('variantId', md5('bench-variant-' || k || '-2')::uuid, 'productId', md5('bench-product-' || k)::uuid,
                            'productName', 'Bench product ' || k, 'variantName', 'Large', 'sku', 'BENCH-' || k || '-L',
                            'unitPrice', 20 + k % 30, 'quantity', 1, 'imageUrl', NULL)),
       40 + n % 60, 0, 'Standard', 4.95, 0, 0, 44.95 + n % 60, false,
       'cs_bench_' || md5('bench-session-' || n || paid::text), CASE WHEN paid THEN 'Completed' ELSE 'Expired' END,
       t - interval '5 minutes', t + interval '25 minutes',
       encode(sha256(convert_to('checkout-client:10.' || (n % 250) || '.' || (n / 250 % 250) || '.' || (n % 7 + 1), 'UTF8')), 'hex'),
       false, 2
FROM (SELECT n, now() - (n % 365) * interval '1 day' - (n % 1440) * interval '1 minute' AS t, 1 + (n * 31 + 1) % (:products) AS k
      FROM generate_series(1, :people) AS n) AS s,
     LATERAL (SELECT true AS paid UNION ALL SELECT false WHERE n % 10 = 0) AS kinds;

COMMIT;

-- As autovacuum would have by now: fresh statistics for the planner and visibility maps for index-only scans.
VACUUM ANALYZE catalog.categories, catalog.products, catalog.variants, catalog.product_images, catalog.product_categories, catalog.stock_movements,
  editorial.categories, editorial.tags, editorial.articles, editorial.article_tags, editorial.replies,
  subscribers.subscribers, subscribers.subscriber_events, ordering.orders, ordering.order_lines, ordering.checkouts;
