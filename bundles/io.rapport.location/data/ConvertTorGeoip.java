import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Converts Tor's geoip and geoip6 files (IPFire Location database, CC BY-SA 4.0; Debian package
 * tor-geoipdb) into the compact table the offline resolver reads (ip-country.bin.gz). See README.md.
 *
 * Usage: java ConvertTorGeoip.java GEOIP GEOIP6 OUTDIR
 *
 * Writes OUTDIR/ipv4-country.bin.gz and OUTDIR/ipv6-country.bin.gz (two files, so that IPv4 lookups never
 * load the IPv6 table). Format (gzip'd, big-endian): "RIPC", u8 version 1, u8 family (4 or 6); u8 n, n
 * two-letter codes (index 0 = unknown, "--"); u32 count, then count × (unsigned LEB128 varint: the range
 * start minus the previous one; u8 country index). IPv4 starts are the whole address, IPv6 starts its
 * high 64 bits. Each entry's country holds up to the next entry's start; the first entry starts at 0.
 */
public class ConvertTorGeoip {
    record Range(BigInteger start, BigInteger end, String country) {}

    public static void main(String[] args) throws IOException {
        Set<String> iso = new HashSet<>(Arrays.asList(Locale.getISOCountries()));
        iso.add("XK"); // Kosovo: user-assigned, but what every registry uses
        Map<String, Integer> codes = new LinkedHashMap<>();
        codes.put("--", 0);
        List<long[]> v4 = compact(read(Path.of(args[0]), false), iso, codes, 0);
        List<long[]> v6 = compact(read(Path.of(args[1]), true), iso, codes, 64);
        Path dir = Path.of(args[2]);
        write(dir.resolve("ipv4-country.bin.gz"), 4, codes, v4);
        write(dir.resolve("ipv6-country.bin.gz"), 6, codes, v6);
        System.out.printf("%d countries; IPv4: %d entries, %d bytes; IPv6: %d entries, %d bytes%n", codes.size() - 1,
                v4.size(), Files.size(dir.resolve("ipv4-country.bin.gz")), v6.size(), Files.size(dir.resolve("ipv6-country.bin.gz")));
    }

    static void write(Path path, int family, Map<String, Integer> codes, List<long[]> entries) throws IOException {
        try (OutputStream file = Files.newOutputStream(path);
                DataOutputStream out = new DataOutputStream(new GZIPOutputStream(file, 1 << 16))) {
            out.writeBytes("RIPC");
            out.writeByte(1);
            out.writeByte(family);
            out.writeByte(codes.size());
            for (String code : codes.keySet()) {
                out.writeBytes(code);
            }
            write(out, entries);
        }
    }

    static List<Range> read(Path path, boolean v6) throws IOException {
        List<Range> ranges = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.US_ASCII)) {
            for (String line; (line = in.readLine()) != null;) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",");
                BigInteger start = v6 ? new BigInteger(1, InetAddress.getByName(f[0]).getAddress()) : new BigInteger(f[0]);
                BigInteger end = v6 ? new BigInteger(1, InetAddress.getByName(f[1]).getAddress()) : new BigInteger(f[1]);
                ranges.add(new Range(start, end, f[2].trim().toUpperCase(Locale.ROOT)));
            }
        }
        ranges.sort((a, b) -> a.start.compareTo(b.start));
        return ranges;
    }

    /** Range starts (shifted right by {@code shift} bits) with their country index, gaps as unknown, neighbours merged. */
    static List<long[]> compact(List<Range> ranges, Set<String> iso, Map<String, Integer> codes, int shift) {
        List<long[]> out = new ArrayList<>();
        BigInteger next = BigInteger.ZERO; // the first address not covered yet
        for (Range r : ranges) {
            String code = "UK".equals(r.country) ? "GB" : r.country;
            int country = iso.contains(code) ? codes.computeIfAbsent(code, c -> codes.size()) : 0;
            if (r.start.compareTo(next) > 0) {
                add(out, next.shiftRight(shift).longValue(), 0);
            }
            add(out, r.start.shiftRight(shift).longValue(), country);
            next = r.end.add(BigInteger.ONE);
        }
        add(out, next.shiftRight(shift).longValue(), 0);
        return out;
    }

    static void add(List<long[]> out, long start, int country) {
        if (!out.isEmpty()) {
            long[] last = out.get(out.size() - 1);
            if (last[0] == start) { // a range smaller than the resolution: the later one wins
                last[1] = country;
                if (out.size() > 1 && out.get(out.size() - 2)[1] == country) {
                    out.remove(out.size() - 1);
                }
                return;
            }
            if (last[1] == country) {
                return;
            }
        } else if (start != 0) {
            out.add(new long[] { 0, 0 });
            if (country == 0) {
                return;
            }
        }
        out.add(new long[] { start, country });
    }

    static void write(DataOutputStream out, List<long[]> entries) throws IOException {
        out.writeInt(entries.size());
        long previous = 0;
        for (long[] e : entries) {
            long delta = e[0] - previous;
            previous = e[0];
            while ((delta & ~0x7FL) != 0) {
                out.writeByte((int) ((delta & 0x7F) | 0x80));
                delta >>>= 7;
            }
            out.writeByte((int) delta);
            out.writeByte((int) e[1]);
        }
    }
}
