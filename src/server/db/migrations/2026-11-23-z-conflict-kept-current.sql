-- A conflict's field may have changed again after the conflict (a third edit). The reviewer can then keep
-- that current value: the conflict is resolved as 'current' and nothing is written ([CR2]).
ALTER TABLE conflicts DROP CONSTRAINT conflicts_resolution_check;
ALTER TABLE conflicts ADD CONSTRAINT conflicts_resolution_check CHECK (resolution IN ('server', 'client', 'current'));
