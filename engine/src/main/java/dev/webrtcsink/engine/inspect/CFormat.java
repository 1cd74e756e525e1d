package dev.webrtcsink.engine.inspect;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * C printf's {@code %g}, which gst-inspect uses for float and double ranges. Java's {@code %g} differs (it never
 * drops trailing zeros and switches to exponent form at other thresholds), so output would not line up.
 */
final class CFormat {
    private CFormat() {}

    /** {@code printf("%<width>.<precision>g", value)} as glibc prints it. */
    static String g(double value, int width, int precision) {
        String text = g(value, precision);
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }

    static String g(double value, int precision) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        int p = precision == 0 ? 1 : precision;
        if (value == 0) {
            return (1 / value < 0) ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(p, RoundingMode.HALF_EVEN));
        // exponent X of the rounded value in d.ddd x 10^X form
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= p) {
            BigDecimal mantissa = rounded.movePointLeft(exponent);
            String digits = stripZeros(mantissa.toPlainString());
            String sign = exponent < 0 ? "-" : "+";
            int abs = Math.abs(exponent);
            return digits + "e" + sign + (abs < 10 ? "0" : "") + abs;
        }
        return stripZeros(rounded.setScale(Math.max(0, p - 1 - exponent), RoundingMode.HALF_EVEN).toPlainString());
    }

    private static String stripZeros(String plain) {
        if (!plain.contains(".")) {
            return plain;
        }
        String s = plain.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
