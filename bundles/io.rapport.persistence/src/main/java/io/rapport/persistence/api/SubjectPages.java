package io.rapport.persistence.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

import javax.persistence.Query;

/**
 * Reads rows ordered by subject id in pages (keyset paging on the subject id, never an offset) and hands
 * each subject's rows over complete, so that a million profiles are read with bounded memory. Column 0 of
 * every row is the subject id. What the search field providers load the index with.
 */
public final class SubjectPages {
    private SubjectPages() {
    }

    /**
     * @param page the rows of subjects after a subject id ({@code ""} for the first page), ordered by
     *            subject id, at most {@code limit} of them
     * @param allOf every row of one subject: used when one subject alone fills a page
     * @return how many subjects were handed over
     */
    public static long forEach(BiFunction<String, Integer, List<Object[]>> page, Function<String, List<Object[]>> allOf, int limit,
            BiConsumer<String, List<Object[]>> each) {
        String after = "";
        long subjects = 0;
        while (true) {
            List<Object[]> rows = page.apply(after, limit);
            boolean lastPage = rows.size() < limit;
            int end = rows.size();
            if (!lastPage) {
                // the page may have cut the last subject's rows: leave them to the next page
                Object tail = rows.get(end - 1)[0];
                while (end > 0 && tail.equals(rows.get(end - 1)[0])) {
                    end--;
                }
                if (end == 0) {
                    each.accept((String) tail, allOf.apply((String) tail));
                    subjects++;
                    after = (String) tail;
                    continue;
                }
            }
            for (int i = 0; i < end;) {
                Object subject = rows.get(i)[0];
                int j = i + 1;
                while (j < end && subject.equals(rows.get(j)[0])) {
                    j++;
                }
                each.accept((String) subject, rows.subList(i, j));
                subjects++;
                i = j;
            }
            if (lastPage) {
                return subjects;
            }
            after = (String) rows.get(end - 1)[0];
        }
    }

    /** A native query's rows; a single-column query answers plain values, made rows here. */
    public static List<Object[]> rows(Query q) {
        List<?> result = q.getResultList();
        List<Object[]> rows = new ArrayList<>(result.size());
        for (Object r : result) {
            rows.add(r instanceof Object[] ? (Object[]) r : new Object[] { r });
        }
        return rows;
    }
}
