package io.rapport.search.internal;

import java.util.BitSet;
import java.util.List;

import io.rapport.platform.search.FieldType;

/** A planned query: a condition or an and/or group, evaluated over a whole model or one subject. */
abstract class QueryNode {
    /** The node's place in the request body, e.g. {@code query.and[1]}. */
    final String path;

    QueryNode(String path) {
        this.path = path;
    }

    /** The live subjects that match. */
    final BitSet eval(ModelIndex index) {
        return eval(index, null);
    }

    /**
     * The live subjects among {@code candidates} (null: all) that match. Few candidates are tested one
     * by one rather than by a scan of the whole column: the later conditions of an {@code and} only look
     * at what the earlier (cheaper) ones let through.
     */
    abstract BitSet eval(ModelIndex index, BitSet candidates);

    /** How costly a whole-model evaluation is, to order an {@code and}: see {@link Column#cost()}; groups last. */
    abstract int cost(ModelIndex index);

    /**
     * Candidates this few (against all subjects) are tested one by one: a test reads memory at random
     * (about 100 to 400 ns each here), a scan reads it in order (a few ns a subject), so tests pay off
     * below about one subject in 64.
     */
    static boolean few(BitSet candidates, ModelIndex index) {
        return candidates != null && (long) candidates.cardinality() * 64 < index.count();
    }

    /** Whether the live subject {@code ord} matches. */
    abstract boolean test(ModelIndex index, int ord);

    static final class Group extends QueryNode {
        final boolean and;
        final List<QueryNode> children;

        Group(String path, boolean and, List<QueryNode> children) {
            super(path);
            this.and = and;
            this.children = children;
        }

        @Override
        int cost(ModelIndex index) {
            return 3;
        }

        @Override
        BitSet eval(ModelIndex index, BitSet candidates) {
            if (and) {
                List<QueryNode> ordered = new java.util.ArrayList<>(children);
                ordered.sort(java.util.Comparator.comparingInt(c -> c.cost(index)));
                BitSet result = candidates;
                for (QueryNode child : ordered) {
                    result = child.eval(index, result);
                    if (result.isEmpty()) {
                        break;
                    }
                }
                return result;
            }
            BitSet result = new BitSet();
            for (QueryNode child : children) {
                // a later alternative need not look at what an earlier one matched
                BitSet rest = null;
                if (!result.isEmpty()) {
                    rest = (BitSet) (candidates != null ? candidates : index.alive).clone();
                    rest.andNot(result);
                } else if (candidates != null) {
                    rest = candidates;
                }
                result.or(child.eval(index, rest));
            }
            return result;
        }

        @Override
        boolean test(ModelIndex index, int ord) {
            for (QueryNode child : children) {
                boolean t = child.test(index, ord);
                if (and && !t) {
                    return false;
                }
                if (!and && t) {
                    return true;
                }
            }
            return and;
        }
    }

    static final class Condition extends QueryNode {
        final String field;
        final FieldType type;
        final Op op;
        /** The positive form's matcher; null for is_present and is_absent. */
        final Column.Matcher matcher;

        Condition(String path, String field, FieldType type, Op op, Column.Matcher matcher) {
            super(path);
            this.field = field;
            this.type = type;
            this.op = op;
            this.matcher = matcher;
        }

        private Column column(ModelIndex index) {
            Column c = index.columnOf(field);
            if (c == null) {
                return null;
            }
            boolean text = type == FieldType.TEXT || type == FieldType.TEXT_LIST;
            boolean fits = text ? c instanceof TextColumn : c.type == type;
            return fits ? c : null; // a column of a former type holds nothing of this one
        }

        @Override
        int cost(ModelIndex index) {
            Column c = column(index);
            return c == null ? 0 : c.cost();
        }

        @Override
        BitSet eval(ModelIndex index, BitSet candidates) {
            if (cost(index) > 0 && few(candidates, index)) { // postings are cheaper than any test
                BitSet r = new BitSet();
                for (int o = candidates.nextSetBit(0); o >= 0; o = candidates.nextSetBit(o + 1)) {
                    if (index.alive.get(o) && test(index, o)) {
                        r.set(o);
                    }
                }
                return r;
            }
            BitSet r = eval(index, column(index));
            if (candidates != null) {
                r.and(candidates);
            }
            return r;
        }

        private BitSet eval(ModelIndex index, Column c) {
            BitSet r;
            switch (op) {
            case IS_PRESENT:
                r = c == null ? new BitSet() : (BitSet) c.present.clone();
                r.and(index.alive);
                return r;
            case IS_ABSENT:
                r = (BitSet) index.alive.clone();
                if (c != null) {
                    r.andNot(c.present);
                }
                return r;
            default:
                if (op.negative()) {
                    r = (BitSet) index.alive.clone();
                    if (c != null) {
                        r.andNot(matches(index, c));
                    }
                    return r;
                }
                if (c == null) {
                    return new BitSet();
                }
                r = (BitSet) matches(index, c).clone();
                r.and(index.alive);
                return r;
            }
        }

        /** The ordinals whose values the positive form matches, from the cache when the column did not change since. Not to be modified. */
        private BitSet matches(ModelIndex index, Column c) {
            if (c.cost() == 0) {
                return c.match(matcher, index.size); // read from postings: cheaper than keeping
            }
            String key = field + "\n" + matcher.key();
            BitSet m = index.cache.get(key, c);
            if (m == null) {
                long version = c.version;
                m = c.match(matcher, index.size);
                index.cache.put(key, c, version, m);
            }
            return m;
        }

        @Override
        boolean test(ModelIndex index, int ord) {
            Column c = column(index);
            switch (op) {
            case IS_PRESENT:
                return c != null && c.present.get(ord);
            case IS_ABSENT:
                return c == null || !c.present.get(ord);
            default:
                boolean positive = c != null && c.test(ord, matcher);
                return op.negative() ? !positive : positive;
            }
        }
    }
}
