ALTER TABLE "attempt_rollups" ADD COLUMN "shard" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "delivery_rollups" ADD COLUMN "shard" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "attempt_rollups" DROP CONSTRAINT "attempt_rollups_workspace_id_hour_endpoint_id_status_pk";--> statement-breakpoint
ALTER TABLE "delivery_rollups" DROP CONSTRAINT "delivery_rollups_workspace_id_hour_endpoint_id_pk";--> statement-breakpoint
ALTER TABLE "attempt_rollups" ADD CONSTRAINT "attempt_rollups_workspace_id_hour_endpoint_id_status_shard_pk" PRIMARY KEY("workspace_id","hour","endpoint_id","status","shard");--> statement-breakpoint
ALTER TABLE "delivery_rollups" ADD CONSTRAINT "delivery_rollups_workspace_id_hour_endpoint_id_shard_pk" PRIMARY KEY("workspace_id","hour","endpoint_id","shard");--> statement-breakpoint
-- Rollup rows are split into shards, one per database session (modulo 8): concurrent
-- transactions touching the same workspace, hour and endpoint no longer queue on one row lock
-- held until commit. Readers sum the shards; deletes fold them back into shard 0.
CREATE FUNCTION tern_rollup_shard() RETURNS smallint LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT (pg_backend_pid() % 8)::smallint $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tern_delivery_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO delivery_rollups AS r (workspace_id, hour, endpoint_id, pending, delivering, succeeded, failed, skipped, total, attempts, shard)
    SELECT workspace_id, date_trunc('hour', created_at, 'UTC'), endpoint_id, count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'delivering'), count(*) FILTER (WHERE status = 'succeeded'), count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status = 'skipped'), count(*), sum(attempt_count), tern_rollup_shard()
    FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (workspace_id, hour, endpoint_id, shard) DO UPDATE SET pending = r.pending + excluded.pending, delivering = r.delivering + excluded.delivering, succeeded = r.succeeded + excluded.succeeded, failed = r.failed + excluded.failed, skipped = r.skipped + excluded.skipped, total = r.total + excluded.total, attempts = r.attempts + excluded.attempts;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO delivery_rollups AS r (workspace_id, hour, endpoint_id, pending, delivering, succeeded, failed, skipped, total, attempts, shard)
    SELECT workspace_id, date_trunc('hour', created_at, 'UTC'), endpoint_id, sum(sign * (status = 'pending')::integer), sum(sign * (status = 'delivering')::integer), sum(sign * (status = 'succeeded')::integer), sum(sign * (status = 'failed')::integer), sum(sign * (status = 'skipped')::integer), sum(sign), sum(sign * attempt_count), tern_rollup_shard()
    FROM (
      SELECT n.*, 1 AS sign FROM new_rows n JOIN old_rows o USING (id) WHERE (n.status, n.attempt_count, n.created_at, n.endpoint_id, n.workspace_id) IS DISTINCT FROM (o.status, o.attempt_count, o.created_at, o.endpoint_id, o.workspace_id)
      UNION ALL
      SELECT o.*, -1 AS sign FROM old_rows o JOIN new_rows n USING (id) WHERE (n.status, n.attempt_count, n.created_at, n.endpoint_id, n.workspace_id) IS DISTINCT FROM (o.status, o.attempt_count, o.created_at, o.endpoint_id, o.workspace_id)
    ) d
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (workspace_id, hour, endpoint_id, shard) DO UPDATE SET pending = r.pending + excluded.pending, delivering = r.delivering + excluded.delivering, succeeded = r.succeeded + excluded.succeeded, failed = r.failed + excluded.failed, skipped = r.skipped + excluded.skipped, total = r.total + excluded.total, attempts = r.attempts + excluded.attempts;
  ELSE
    -- Fold every shard of the touched keys into shard 0, minus the deleted rows, then drop rows left empty.
    WITH keys AS (SELECT DISTINCT workspace_id, date_trunc('hour', created_at, 'UTC') AS hour, endpoint_id FROM old_rows),
    moved AS (
      DELETE FROM delivery_rollups r USING keys k
      WHERE r.workspace_id = k.workspace_id AND r.hour = k.hour AND r.endpoint_id = k.endpoint_id AND r.shard <> 0
      RETURNING r.workspace_id, r.hour, r.endpoint_id, r.pending, r.delivering, r.succeeded, r.failed, r.skipped, r.total, r.attempts),
    removed AS (
      SELECT workspace_id, date_trunc('hour', created_at, 'UTC') AS hour, endpoint_id, -count(*) FILTER (WHERE status = 'pending'), -count(*) FILTER (WHERE status = 'delivering'), -count(*) FILTER (WHERE status = 'succeeded'), -count(*) FILTER (WHERE status = 'failed'), -count(*) FILTER (WHERE status = 'skipped'), -count(*), -sum(attempt_count)
      FROM old_rows GROUP BY 1, 2, 3)
    INSERT INTO delivery_rollups AS r (workspace_id, hour, endpoint_id, pending, delivering, succeeded, failed, skipped, total, attempts, shard)
    SELECT workspace_id, hour, endpoint_id, sum(pending), sum(delivering), sum(succeeded), sum(failed), sum(skipped), sum(total), sum(attempts), 0
    FROM (SELECT * FROM moved UNION ALL SELECT * FROM removed) x (workspace_id, hour, endpoint_id, pending, delivering, succeeded, failed, skipped, total, attempts)
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (workspace_id, hour, endpoint_id, shard) DO UPDATE SET pending = r.pending + excluded.pending, delivering = r.delivering + excluded.delivering, succeeded = r.succeeded + excluded.succeeded, failed = r.failed + excluded.failed, skipped = r.skipped + excluded.skipped, total = r.total + excluded.total, attempts = r.attempts + excluded.attempts;
    DELETE FROM delivery_rollups r
    USING (SELECT DISTINCT workspace_id, date_trunc('hour', created_at, 'UTC') AS hour, endpoint_id FROM old_rows) k
    WHERE r.workspace_id = k.workspace_id AND r.hour = k.hour AND r.endpoint_id = k.endpoint_id AND r.shard = 0
      AND r.pending = 0 AND r.delivering = 0 AND r.succeeded = 0 AND r.failed = 0 AND r.skipped = 0 AND r.total = 0 AND r.attempts = 0;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tern_attempt_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO attempt_rollups AS r (workspace_id, hour, endpoint_id, status, count, min_ms, max_ms, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14, h15, h16, h17, h18, h19, h20, h21, h22, h23, h24, h25, h26, h27, h28, h29, h30, h31, h32, h33, h34, h35, h36, h37, h38, h39, h40, h41, h42, h43, h44, h45, h46, h47, h48, h49, h50, h51, h52, h53, h54, h55, h56, shard)
    SELECT workspace_id, date_trunc('hour', created_at, 'UTC'), endpoint_id, coalesce(response_status, 0), count(*), min(duration_ms), max(duration_ms),
      count(*) FILTER (WHERE b = 0),
      count(*) FILTER (WHERE b = 1),
      count(*) FILTER (WHERE b = 2),
      count(*) FILTER (WHERE b = 3),
      count(*) FILTER (WHERE b = 4),
      count(*) FILTER (WHERE b = 5),
      count(*) FILTER (WHERE b = 6),
      count(*) FILTER (WHERE b = 7),
      count(*) FILTER (WHERE b = 8),
      count(*) FILTER (WHERE b = 9),
      count(*) FILTER (WHERE b = 10),
      count(*) FILTER (WHERE b = 11),
      count(*) FILTER (WHERE b = 12),
      count(*) FILTER (WHERE b = 13),
      count(*) FILTER (WHERE b = 14),
      count(*) FILTER (WHERE b = 15),
      count(*) FILTER (WHERE b = 16),
      count(*) FILTER (WHERE b = 17),
      count(*) FILTER (WHERE b = 18),
      count(*) FILTER (WHERE b = 19),
      count(*) FILTER (WHERE b = 20),
      count(*) FILTER (WHERE b = 21),
      count(*) FILTER (WHERE b = 22),
      count(*) FILTER (WHERE b = 23),
      count(*) FILTER (WHERE b = 24),
      count(*) FILTER (WHERE b = 25),
      count(*) FILTER (WHERE b = 26),
      count(*) FILTER (WHERE b = 27),
      count(*) FILTER (WHERE b = 28),
      count(*) FILTER (WHERE b = 29),
      count(*) FILTER (WHERE b = 30),
      count(*) FILTER (WHERE b = 31),
      count(*) FILTER (WHERE b = 32),
      count(*) FILTER (WHERE b = 33),
      count(*) FILTER (WHERE b = 34),
      count(*) FILTER (WHERE b = 35),
      count(*) FILTER (WHERE b = 36),
      count(*) FILTER (WHERE b = 37),
      count(*) FILTER (WHERE b = 38),
      count(*) FILTER (WHERE b = 39),
      count(*) FILTER (WHERE b = 40),
      count(*) FILTER (WHERE b = 41),
      count(*) FILTER (WHERE b = 42),
      count(*) FILTER (WHERE b = 43),
      count(*) FILTER (WHERE b = 44),
      count(*) FILTER (WHERE b = 45),
      count(*) FILTER (WHERE b = 46),
      count(*) FILTER (WHERE b = 47),
      count(*) FILTER (WHERE b = 48),
      count(*) FILTER (WHERE b = 49),
      count(*) FILTER (WHERE b = 50),
      count(*) FILTER (WHERE b = 51),
      count(*) FILTER (WHERE b = 52),
      count(*) FILTER (WHERE b = 53),
      count(*) FILTER (WHERE b = 54),
      count(*) FILTER (WHERE b = 55),
      count(*) FILTER (WHERE b = 56),
      tern_rollup_shard()
    FROM (SELECT *, tern_latency_bucket(duration_ms) AS b FROM new_rows) x GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (workspace_id, hour, endpoint_id, status, shard) DO UPDATE SET
      count = r.count + excluded.count, min_ms = least(r.min_ms, excluded.min_ms), max_ms = greatest(r.max_ms, excluded.max_ms),
      h0 = r.h0 + excluded.h0,
      h1 = r.h1 + excluded.h1,
      h2 = r.h2 + excluded.h2,
      h3 = r.h3 + excluded.h3,
      h4 = r.h4 + excluded.h4,
      h5 = r.h5 + excluded.h5,
      h6 = r.h6 + excluded.h6,
      h7 = r.h7 + excluded.h7,
      h8 = r.h8 + excluded.h8,
      h9 = r.h9 + excluded.h9,
      h10 = r.h10 + excluded.h10,
      h11 = r.h11 + excluded.h11,
      h12 = r.h12 + excluded.h12,
      h13 = r.h13 + excluded.h13,
      h14 = r.h14 + excluded.h14,
      h15 = r.h15 + excluded.h15,
      h16 = r.h16 + excluded.h16,
      h17 = r.h17 + excluded.h17,
      h18 = r.h18 + excluded.h18,
      h19 = r.h19 + excluded.h19,
      h20 = r.h20 + excluded.h20,
      h21 = r.h21 + excluded.h21,
      h22 = r.h22 + excluded.h22,
      h23 = r.h23 + excluded.h23,
      h24 = r.h24 + excluded.h24,
      h25 = r.h25 + excluded.h25,
      h26 = r.h26 + excluded.h26,
      h27 = r.h27 + excluded.h27,
      h28 = r.h28 + excluded.h28,
      h29 = r.h29 + excluded.h29,
      h30 = r.h30 + excluded.h30,
      h31 = r.h31 + excluded.h31,
      h32 = r.h32 + excluded.h32,
      h33 = r.h33 + excluded.h33,
      h34 = r.h34 + excluded.h34,
      h35 = r.h35 + excluded.h35,
      h36 = r.h36 + excluded.h36,
      h37 = r.h37 + excluded.h37,
      h38 = r.h38 + excluded.h38,
      h39 = r.h39 + excluded.h39,
      h40 = r.h40 + excluded.h40,
      h41 = r.h41 + excluded.h41,
      h42 = r.h42 + excluded.h42,
      h43 = r.h43 + excluded.h43,
      h44 = r.h44 + excluded.h44,
      h45 = r.h45 + excluded.h45,
      h46 = r.h46 + excluded.h46,
      h47 = r.h47 + excluded.h47,
      h48 = r.h48 + excluded.h48,
      h49 = r.h49 + excluded.h49,
      h50 = r.h50 + excluded.h50,
      h51 = r.h51 + excluded.h51,
      h52 = r.h52 + excluded.h52,
      h53 = r.h53 + excluded.h53,
      h54 = r.h54 + excluded.h54,
      h55 = r.h55 + excluded.h55,
      h56 = r.h56 + excluded.h56;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO attempt_rollups AS r (workspace_id, hour, endpoint_id, status, count, min_ms, max_ms, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14, h15, h16, h17, h18, h19, h20, h21, h22, h23, h24, h25, h26, h27, h28, h29, h30, h31, h32, h33, h34, h35, h36, h37, h38, h39, h40, h41, h42, h43, h44, h45, h46, h47, h48, h49, h50, h51, h52, h53, h54, h55, h56, shard)
    SELECT workspace_id, date_trunc('hour', created_at, 'UTC'), endpoint_id, coalesce(response_status, 0), sum(sign), min(duration_ms), max(duration_ms),
      sum(sign * (b = 0)::integer),
      sum(sign * (b = 1)::integer),
      sum(sign * (b = 2)::integer),
      sum(sign * (b = 3)::integer),
      sum(sign * (b = 4)::integer),
      sum(sign * (b = 5)::integer),
      sum(sign * (b = 6)::integer),
      sum(sign * (b = 7)::integer),
      sum(sign * (b = 8)::integer),
      sum(sign * (b = 9)::integer),
      sum(sign * (b = 10)::integer),
      sum(sign * (b = 11)::integer),
      sum(sign * (b = 12)::integer),
      sum(sign * (b = 13)::integer),
      sum(sign * (b = 14)::integer),
      sum(sign * (b = 15)::integer),
      sum(sign * (b = 16)::integer),
      sum(sign * (b = 17)::integer),
      sum(sign * (b = 18)::integer),
      sum(sign * (b = 19)::integer),
      sum(sign * (b = 20)::integer),
      sum(sign * (b = 21)::integer),
      sum(sign * (b = 22)::integer),
      sum(sign * (b = 23)::integer),
      sum(sign * (b = 24)::integer),
      sum(sign * (b = 25)::integer),
      sum(sign * (b = 26)::integer),
      sum(sign * (b = 27)::integer),
      sum(sign * (b = 28)::integer),
      sum(sign * (b = 29)::integer),
      sum(sign * (b = 30)::integer),
      sum(sign * (b = 31)::integer),
      sum(sign * (b = 32)::integer),
      sum(sign * (b = 33)::integer),
      sum(sign * (b = 34)::integer),
      sum(sign * (b = 35)::integer),
      sum(sign * (b = 36)::integer),
      sum(sign * (b = 37)::integer),
      sum(sign * (b = 38)::integer),
      sum(sign * (b = 39)::integer),
      sum(sign * (b = 40)::integer),
      sum(sign * (b = 41)::integer),
      sum(sign * (b = 42)::integer),
      sum(sign * (b = 43)::integer),
      sum(sign * (b = 44)::integer),
      sum(sign * (b = 45)::integer),
      sum(sign * (b = 46)::integer),
      sum(sign * (b = 47)::integer),
      sum(sign * (b = 48)::integer),
      sum(sign * (b = 49)::integer),
      sum(sign * (b = 50)::integer),
      sum(sign * (b = 51)::integer),
      sum(sign * (b = 52)::integer),
      sum(sign * (b = 53)::integer),
      sum(sign * (b = 54)::integer),
      sum(sign * (b = 55)::integer),
      sum(sign * (b = 56)::integer),
      tern_rollup_shard()
    FROM (
      SELECT n.*, 1 AS sign FROM new_rows n JOIN old_rows o USING (id) WHERE (n.trigger, n.response_status, n.duration_ms, n.created_at, n.endpoint_id, n.workspace_id) IS DISTINCT FROM (o.trigger, o.response_status, o.duration_ms, o.created_at, o.endpoint_id, o.workspace_id)
      UNION ALL
      SELECT o.*, -1 AS sign FROM old_rows o JOIN new_rows n USING (id) WHERE (n.trigger, n.response_status, n.duration_ms, n.created_at, n.endpoint_id, n.workspace_id) IS DISTINCT FROM (o.trigger, o.response_status, o.duration_ms, o.created_at, o.endpoint_id, o.workspace_id)
    ) d
    CROSS JOIN LATERAL (SELECT tern_latency_bucket(d.duration_ms) AS b) x
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (workspace_id, hour, endpoint_id, status, shard) DO UPDATE SET
      count = r.count + excluded.count, min_ms = least(r.min_ms, excluded.min_ms), max_ms = greatest(r.max_ms, excluded.max_ms),
      h0 = r.h0 + excluded.h0,
      h1 = r.h1 + excluded.h1,
      h2 = r.h2 + excluded.h2,
      h3 = r.h3 + excluded.h3,
      h4 = r.h4 + excluded.h4,
      h5 = r.h5 + excluded.h5,
      h6 = r.h6 + excluded.h6,
      h7 = r.h7 + excluded.h7,
      h8 = r.h8 + excluded.h8,
      h9 = r.h9 + excluded.h9,
      h10 = r.h10 + excluded.h10,
      h11 = r.h11 + excluded.h11,
      h12 = r.h12 + excluded.h12,
      h13 = r.h13 + excluded.h13,
      h14 = r.h14 + excluded.h14,
      h15 = r.h15 + excluded.h15,
      h16 = r.h16 + excluded.h16,
      h17 = r.h17 + excluded.h17,
      h18 = r.h18 + excluded.h18,
      h19 = r.h19 + excluded.h19,
      h20 = r.h20 + excluded.h20,
      h21 = r.h21 + excluded.h21,
      h22 = r.h22 + excluded.h22,
      h23 = r.h23 + excluded.h23,
      h24 = r.h24 + excluded.h24,
      h25 = r.h25 + excluded.h25,
      h26 = r.h26 + excluded.h26,
      h27 = r.h27 + excluded.h27,
      h28 = r.h28 + excluded.h28,
      h29 = r.h29 + excluded.h29,
      h30 = r.h30 + excluded.h30,
      h31 = r.h31 + excluded.h31,
      h32 = r.h32 + excluded.h32,
      h33 = r.h33 + excluded.h33,
      h34 = r.h34 + excluded.h34,
      h35 = r.h35 + excluded.h35,
      h36 = r.h36 + excluded.h36,
      h37 = r.h37 + excluded.h37,
      h38 = r.h38 + excluded.h38,
      h39 = r.h39 + excluded.h39,
      h40 = r.h40 + excluded.h40,
      h41 = r.h41 + excluded.h41,
      h42 = r.h42 + excluded.h42,
      h43 = r.h43 + excluded.h43,
      h44 = r.h44 + excluded.h44,
      h45 = r.h45 + excluded.h45,
      h46 = r.h46 + excluded.h46,
      h47 = r.h47 + excluded.h47,
      h48 = r.h48 + excluded.h48,
      h49 = r.h49 + excluded.h49,
      h50 = r.h50 + excluded.h50,
      h51 = r.h51 + excluded.h51,
      h52 = r.h52 + excluded.h52,
      h53 = r.h53 + excluded.h53,
      h54 = r.h54 + excluded.h54,
      h55 = r.h55 + excluded.h55,
      h56 = r.h56 + excluded.h56;
  ELSE
    -- Fold every shard of the touched keys into shard 0, minus the deleted rows, then drop rows left empty.
    -- Minimum and maximum durations cannot be taken back; they keep the widest range seen.
    WITH keys AS (SELECT DISTINCT workspace_id, date_trunc('hour', created_at, 'UTC') AS hour, endpoint_id, coalesce(response_status, 0) AS status FROM old_rows),
    moved AS (
      DELETE FROM attempt_rollups r USING keys k
      WHERE r.workspace_id = k.workspace_id AND r.hour = k.hour AND r.endpoint_id = k.endpoint_id AND r.status = k.status AND r.shard <> 0
      RETURNING r.workspace_id, r.hour, r.endpoint_id, r.status, r.min_ms, r.max_ms, r.count, r.h0, r.h1, r.h2, r.h3, r.h4, r.h5, r.h6, r.h7, r.h8, r.h9, r.h10, r.h11, r.h12, r.h13, r.h14, r.h15, r.h16, r.h17, r.h18, r.h19, r.h20, r.h21, r.h22, r.h23, r.h24, r.h25, r.h26, r.h27, r.h28, r.h29, r.h30, r.h31, r.h32, r.h33, r.h34, r.h35, r.h36, r.h37, r.h38, r.h39, r.h40, r.h41, r.h42, r.h43, r.h44, r.h45, r.h46, r.h47, r.h48, r.h49, r.h50, r.h51, r.h52, r.h53, r.h54, r.h55, r.h56),
    removed AS (
      SELECT workspace_id, date_trunc('hour', created_at, 'UTC') AS hour, endpoint_id, coalesce(response_status, 0) AS status, NULL::integer, NULL::integer, -count(*),
        -count(*) FILTER (WHERE b = 0), -count(*) FILTER (WHERE b = 1), -count(*) FILTER (WHERE b = 2), -count(*) FILTER (WHERE b = 3), -count(*) FILTER (WHERE b = 4), -count(*) FILTER (WHERE b = 5), -count(*) FILTER (WHERE b = 6), -count(*) FILTER (WHERE b = 7), -count(*) FILTER (WHERE b = 8), -count(*) FILTER (WHERE b = 9), -count(*) FILTER (WHERE b = 10), -count(*) FILTER (WHERE b = 11), -count(*) FILTER (WHERE b = 12), -count(*) FILTER (WHERE b = 13), -count(*) FILTER (WHERE b = 14), -count(*) FILTER (WHERE b = 15), -count(*) FILTER (WHERE b = 16), -count(*) FILTER (WHERE b = 17), -count(*) FILTER (WHERE b = 18), -count(*) FILTER (WHERE b = 19), -count(*) FILTER (WHERE b = 20), -count(*) FILTER (WHERE b = 21), -count(*) FILTER (WHERE b = 22), -count(*) FILTER (WHERE b = 23), -count(*) FILTER (WHERE b = 24), -count(*) FILTER (WHERE b = 25), -count(*) FILTER (WHERE b = 26), -count(*) FILTER (WHERE b = 27), -count(*) FILTER (WHERE b = 28), -count(*) FILTER (WHERE b = 29), -count(*) FILTER (WHERE b = 30), -count(*) FILTER (WHERE b = 31), -count(*) FILTER (WHERE b = 32), -count(*) FILTER (WHERE b = 33), -count(*) FILTER (WHERE b = 34), -count(*) FILTER (WHERE b = 35), -count(*) FILTER (WHERE b = 36), -count(*) FILTER (WHERE b = 37), -count(*) FILTER (WHERE b = 38), -count(*) FILTER (WHERE b = 39), -count(*) FILTER (WHERE b = 40), -count(*) FILTER (WHERE b = 41), -count(*) FILTER (WHERE b = 42), -count(*) FILTER (WHERE b = 43), -count(*) FILTER (WHERE b = 44), -count(*) FILTER (WHERE b = 45), -count(*) FILTER (WHERE b = 46), -count(*) FILTER (WHERE b = 47), -count(*) FILTER (WHERE b = 48), -count(*) FILTER (WHERE b = 49), -count(*) FILTER (WHERE b = 50), -count(*) FILTER (WHERE b = 51), -count(*) FILTER (WHERE b = 52), -count(*) FILTER (WHERE b = 53), -count(*) FILTER (WHERE b = 54), -count(*) FILTER (WHERE b = 55), -count(*) FILTER (WHERE b = 56)
      FROM (SELECT *, tern_latency_bucket(duration_ms) AS b FROM old_rows) x GROUP BY 1, 2, 3, 4)
    INSERT INTO attempt_rollups AS r (workspace_id, hour, endpoint_id, status, min_ms, max_ms, count, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14, h15, h16, h17, h18, h19, h20, h21, h22, h23, h24, h25, h26, h27, h28, h29, h30, h31, h32, h33, h34, h35, h36, h37, h38, h39, h40, h41, h42, h43, h44, h45, h46, h47, h48, h49, h50, h51, h52, h53, h54, h55, h56, shard)
    SELECT workspace_id, hour, endpoint_id, status, coalesce(min(min_ms), 2147483647), coalesce(max(max_ms), 0), sum(count), sum(h0), sum(h1), sum(h2), sum(h3), sum(h4), sum(h5), sum(h6), sum(h7), sum(h8), sum(h9), sum(h10), sum(h11), sum(h12), sum(h13), sum(h14), sum(h15), sum(h16), sum(h17), sum(h18), sum(h19), sum(h20), sum(h21), sum(h22), sum(h23), sum(h24), sum(h25), sum(h26), sum(h27), sum(h28), sum(h29), sum(h30), sum(h31), sum(h32), sum(h33), sum(h34), sum(h35), sum(h36), sum(h37), sum(h38), sum(h39), sum(h40), sum(h41), sum(h42), sum(h43), sum(h44), sum(h45), sum(h46), sum(h47), sum(h48), sum(h49), sum(h50), sum(h51), sum(h52), sum(h53), sum(h54), sum(h55), sum(h56), 0
    FROM (SELECT * FROM moved UNION ALL SELECT * FROM removed) x (workspace_id, hour, endpoint_id, status, min_ms, max_ms, count, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14, h15, h16, h17, h18, h19, h20, h21, h22, h23, h24, h25, h26, h27, h28, h29, h30, h31, h32, h33, h34, h35, h36, h37, h38, h39, h40, h41, h42, h43, h44, h45, h46, h47, h48, h49, h50, h51, h52, h53, h54, h55, h56)
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (workspace_id, hour, endpoint_id, status, shard) DO UPDATE SET min_ms = least(r.min_ms, excluded.min_ms), max_ms = greatest(r.max_ms, excluded.max_ms),
      count = r.count + excluded.count, h0 = r.h0 + excluded.h0, h1 = r.h1 + excluded.h1, h2 = r.h2 + excluded.h2, h3 = r.h3 + excluded.h3, h4 = r.h4 + excluded.h4, h5 = r.h5 + excluded.h5, h6 = r.h6 + excluded.h6, h7 = r.h7 + excluded.h7, h8 = r.h8 + excluded.h8, h9 = r.h9 + excluded.h9, h10 = r.h10 + excluded.h10, h11 = r.h11 + excluded.h11, h12 = r.h12 + excluded.h12, h13 = r.h13 + excluded.h13, h14 = r.h14 + excluded.h14, h15 = r.h15 + excluded.h15, h16 = r.h16 + excluded.h16, h17 = r.h17 + excluded.h17, h18 = r.h18 + excluded.h18, h19 = r.h19 + excluded.h19, h20 = r.h20 + excluded.h20, h21 = r.h21 + excluded.h21, h22 = r.h22 + excluded.h22, h23 = r.h23 + excluded.h23, h24 = r.h24 + excluded.h24, h25 = r.h25 + excluded.h25, h26 = r.h26 + excluded.h26, h27 = r.h27 + excluded.h27, h28 = r.h28 + excluded.h28, h29 = r.h29 + excluded.h29, h30 = r.h30 + excluded.h30, h31 = r.h31 + excluded.h31, h32 = r.h32 + excluded.h32, h33 = r.h33 + excluded.h33, h34 = r.h34 + excluded.h34, h35 = r.h35 + excluded.h35, h36 = r.h36 + excluded.h36, h37 = r.h37 + excluded.h37, h38 = r.h38 + excluded.h38, h39 = r.h39 + excluded.h39, h40 = r.h40 + excluded.h40, h41 = r.h41 + excluded.h41, h42 = r.h42 + excluded.h42, h43 = r.h43 + excluded.h43, h44 = r.h44 + excluded.h44, h45 = r.h45 + excluded.h45, h46 = r.h46 + excluded.h46, h47 = r.h47 + excluded.h47, h48 = r.h48 + excluded.h48, h49 = r.h49 + excluded.h49, h50 = r.h50 + excluded.h50, h51 = r.h51 + excluded.h51, h52 = r.h52 + excluded.h52, h53 = r.h53 + excluded.h53, h54 = r.h54 + excluded.h54, h55 = r.h55 + excluded.h55, h56 = r.h56 + excluded.h56;
    DELETE FROM attempt_rollups r
    USING (SELECT DISTINCT workspace_id, date_trunc('hour', created_at, 'UTC') AS hour, endpoint_id, coalesce(response_status, 0) AS status FROM old_rows) k
    WHERE r.workspace_id = k.workspace_id AND r.hour = k.hour AND r.endpoint_id = k.endpoint_id AND r.status = k.status AND r.shard = 0
      AND r.count = 0 AND r.h0 = 0 AND r.h1 = 0 AND r.h2 = 0 AND r.h3 = 0 AND r.h4 = 0 AND r.h5 = 0 AND r.h6 = 0 AND r.h7 = 0 AND r.h8 = 0 AND r.h9 = 0 AND r.h10 = 0 AND r.h11 = 0 AND r.h12 = 0 AND r.h13 = 0 AND r.h14 = 0 AND r.h15 = 0 AND r.h16 = 0 AND r.h17 = 0 AND r.h18 = 0 AND r.h19 = 0 AND r.h20 = 0 AND r.h21 = 0 AND r.h22 = 0 AND r.h23 = 0 AND r.h24 = 0 AND r.h25 = 0 AND r.h26 = 0 AND r.h27 = 0 AND r.h28 = 0 AND r.h29 = 0 AND r.h30 = 0 AND r.h31 = 0 AND r.h32 = 0 AND r.h33 = 0 AND r.h34 = 0 AND r.h35 = 0 AND r.h36 = 0 AND r.h37 = 0 AND r.h38 = 0 AND r.h39 = 0 AND r.h40 = 0 AND r.h41 = 0 AND r.h42 = 0 AND r.h43 = 0 AND r.h44 = 0 AND r.h45 = 0 AND r.h46 = 0 AND r.h47 = 0 AND r.h48 = 0 AND r.h49 = 0 AND r.h50 = 0 AND r.h51 = 0 AND r.h52 = 0 AND r.h53 = 0 AND r.h54 = 0 AND r.h55 = 0 AND r.h56 = 0;
  END IF;
  RETURN NULL;
END $$;
