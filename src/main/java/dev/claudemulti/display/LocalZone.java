package dev.claudemulti.display;

import dev.claudemulti.store.IsoInstant;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.TimeZone;

/**
 * Local clock times, through {@link TimeZone} rather than {@code ZoneId.systemDefault()}: the same
 * zone and the same tzdb rules, but java.time's way loads its own zone-rules provider besides (a
 * second read of tzdb.dat, and a ServiceLoader scan of the class path that opens the jar), about
 * 12 ms more in a short command such as {@code list}, and in a headless run's first progress line.
 * The two agree from 1900 on (before it, TimeZone leaves out local mean time): every time shown
 * here is a run's or a pause's, long after.
 */
public final class LocalZone {
    private LocalZone() {}

    /** The local zone's offset from UTC at {@code at}; UTC when {@code at} is null (nothing will be shown). */
    public static ZoneOffset offsetAt(Instant at) {
        if (at == null) {
            return ZoneOffset.UTC;
        }
        return ZoneOffset.ofTotalSeconds(TimeZone.getDefault().getOffset(at.toEpochMilli()) / 1000);
    }

    /** {@code at} on the local clock. */
    public static LocalDateTime local(Instant at) {
        return LocalDateTime.ofInstant(at, offsetAt(at));
    }

    /** HH:mm:ss on the local clock, by hand: a DateTimeFormatter costs a short command about 10 ms. */
    public static String clock(Instant at) {
        return appendClock(new StringBuilder(8), local(at)).toString();
    }

    /** yyyy-MM-dd HH:mm:ss on the local clock, by hand (see {@link #clock}). */
    public static String dateAndClock(Instant at) {
        LocalDateTime t = local(at);
        StringBuilder b = new StringBuilder(19);
        IsoInstant.digits(b, t.getYear(), 4).append('-');
        IsoInstant.digits(b, t.getMonthValue(), 2).append('-');
        IsoInstant.digits(b, t.getDayOfMonth(), 2).append(' ');
        return appendClock(b, t).toString();
    }

    private static StringBuilder appendClock(StringBuilder b, LocalDateTime t) {
        IsoInstant.digits(b, t.getHour(), 2).append(':');
        IsoInstant.digits(b, t.getMinute(), 2).append(':');
        return IsoInstant.digits(b, t.getSecond(), 2);
    }
}
