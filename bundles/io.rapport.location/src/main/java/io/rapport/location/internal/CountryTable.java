package io.rapport.location.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * One address family's table of range starts and their countries, as written by
 * {@code data/ConvertTorGeoip.java}: sorted starts (IPv4 addresses, or the high 64 bits of IPv6 ones),
 * each giving the country up to the next start; looked up by binary search.
 */
final class CountryTable {
    private final int family;
    private final String[] codes;
    private final long[] starts;
    private final byte[] countries;

    private CountryTable(int family, String[] codes, long[] starts, byte[] countries) {
        this.family = family;
        this.codes = codes;
        this.starts = starts;
        this.countries = countries;
    }

    static CountryTable read(InputStream gzip) throws IOException {
        byte[] b;
        try (GZIPInputStream in = new GZIPInputStream(gzip, 1 << 16)) {
            b = in.readAllBytes(); // then decoded from the array: byte-wise reads from the stream are slow
        }
        Reader r = new Reader(b);
        if (b.length < 7 || !"RIPC".equals(new String(b, 0, 4, StandardCharsets.US_ASCII)) || b[4] != 1) {
            throw new IOException("not a version 1 country table");
        }
        r.at = 5;
        int family = r.u8();
        String[] codes = new String[r.u8()];
        for (int i = 0; i < codes.length; i++) {
            int at = r.skip(2);
            codes[i] = i == 0 ? null : new String(b, at, 2, StandardCharsets.US_ASCII);
        }
        int count = r.u32();
        if (count < 0 || count > b.length / 2) {
            throw new IOException("bad entry count " + count);
        }
        long[] starts = new long[count];
        byte[] countries = new byte[count];
        long start = 0;
        for (int i = 0; i < count; i++) {
            start += r.varint();
            starts[i] = start;
            countries[i] = (byte) r.u8();
            if ((countries[i] & 0xFF) >= codes.length) {
                throw new IOException("country index out of range at entry " + i);
            }
        }
        return new CountryTable(family, codes, starts, countries);
    }

    private static final class Reader {
        private final byte[] b;
        int at;

        Reader(byte[] b) {
            this.b = b;
        }

        int skip(int n) throws EOFException {
            if (at + n > b.length) {
                throw new EOFException("country table cut short");
            }
            int from = at;
            at += n;
            return from;
        }

        int u8() throws EOFException {
            return b[skip(1)] & 0xFF;
        }

        int u32() throws EOFException {
            int i = skip(4);
            return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
        }

        long varint() throws IOException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = u8();
                value |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return value;
                }
            }
            throw new IOException("varint too long");
        }
    }

    int family() {
        return family;
    }

    int size() {
        return starts.length;
    }

    /** The ISO country code of {@code key} (an IPv4 address as an unsigned int, or an IPv6 address's high 64 bits); null when unknown. */
    String lookup(long key) {
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) { // the last start <= key, comparing unsigned
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], key) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? null : codes[countries[found] & 0xFF];
    }
}
