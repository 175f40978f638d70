package dev.claudemulti.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminal;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** Draws a virtual terminal's character grid to a PNG, cell by cell, with its colours, in a monospace font. */
final class TerminalPng {
    private static final Color BG = new Color(0x16, 0x18, 0x1d);
    private static final Color FG = new Color(0xd4, 0xd7, 0xdd);
    private static final Map<TextColor.ANSI, Color> PALETTE = new EnumMap<>(TextColor.ANSI.class);

    static {
        PALETTE.put(TextColor.ANSI.BLACK, new Color(0x21, 0x25, 0x2b));
        PALETTE.put(TextColor.ANSI.RED, new Color(0xd0, 0x5a, 0x64));
        PALETTE.put(TextColor.ANSI.GREEN, new Color(0x8c, 0xb8, 0x6e));
        PALETTE.put(TextColor.ANSI.YELLOW, new Color(0xd8, 0xb0, 0x5e));
        PALETTE.put(TextColor.ANSI.BLUE, new Color(0x2b, 0x4f, 0x86));
        PALETTE.put(TextColor.ANSI.MAGENTA, new Color(0xb4, 0x6e, 0xd0));
        PALETTE.put(TextColor.ANSI.CYAN, new Color(0x4f, 0xa8, 0xb4));
        PALETTE.put(TextColor.ANSI.WHITE, new Color(0xc3, 0xc8, 0xd2));
        PALETTE.put(TextColor.ANSI.BLACK_BRIGHT, new Color(0x6c, 0x73, 0x80));
        PALETTE.put(TextColor.ANSI.RED_BRIGHT, new Color(0xff, 0x7b, 0x86));
        PALETTE.put(TextColor.ANSI.GREEN_BRIGHT, new Color(0xa6, 0xe0, 0x86));
        PALETTE.put(TextColor.ANSI.YELLOW_BRIGHT, new Color(0xf4, 0xcf, 0x6c));
        PALETTE.put(TextColor.ANSI.BLUE_BRIGHT, new Color(0x61, 0xaf, 0xef));
        PALETTE.put(TextColor.ANSI.MAGENTA_BRIGHT, new Color(0xd7, 0x8c, 0xf0));
        PALETTE.put(TextColor.ANSI.CYAN_BRIGHT, new Color(0x6f, 0xd6, 0xe3));
        PALETTE.put(TextColor.ANSI.WHITE_BRIGHT, new Color(0xff, 0xff, 0xff));
    }

    private final Font regular;
    private final Font bold;
    private final Font fallback;

    TerminalPng(float size) {
        Font r = load("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf");
        Font b = load("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf");
        regular = (r != null ? r : new Font(Font.MONOSPACED, Font.PLAIN, 1)).deriveFont(Font.PLAIN, size);
        bold = (b != null ? b : regular.deriveFont(Font.BOLD)).deriveFont(Font.BOLD, size);
        fallback = new Font(Font.MONOSPACED, Font.PLAIN, Math.round(size));
    }

    private static Font load(String file) {
        try {
            return Files.isRegularFile(Path.of(file)) ? Font.createFont(Font.TRUETYPE_FONT, new File(file)) : null;
        } catch (FontFormatException | IOException e) {
            return null;
        }
    }

    void write(VirtualTerminal terminal, Path png) throws IOException {
        TerminalSize size = terminal.getTerminalSize();
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        FontMetrics fm = probe.createGraphics().getFontMetrics(regular);
        int cw = fm.charWidth('M');
        int ch = fm.getAscent() + fm.getDescent() + 2;
        int pad = 14;
        BufferedImage img = new BufferedImage(
                size.getColumns() * cw + 2 * pad, size.getRows() * ch + 2 * pad, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_LCD_HRGB);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setColor(BG);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int row = 0; row < size.getRows(); row++) {
            for (int col = 0; col < size.getColumns(); col++) {
                TextCharacter tc = terminal.getCharacter(col, row);
                int w = tc.isDoubleWidth() ? 2 : 1;
                Color fg = color(tc.getForegroundColor(), FG);
                Color bg = color(tc.getBackgroundColor(), BG);
                if (tc.getModifiers().contains(SGR.REVERSE)) {
                    Color t = fg;
                    fg = bg;
                    bg = t;
                }
                int x = pad + col * cw;
                int y = pad + row * ch;
                g.setColor(bg);
                g.fillRect(x, y, cw * w, ch);
                String s = tc.getCharacterString();
                if (!s.isBlank()) {
                    Font f = tc.isBold() ? bold : regular;
                    if (f.canDisplayUpTo(s) != -1) {
                        f = fallback;
                    }
                    g.setFont(f);
                    g.setColor(fg);
                    g.drawString(s, x, y + 1 + fm.getAscent());
                }
                if (tc.isUnderlined()) {
                    g.setColor(fg);
                    g.fillRect(x, y + ch - 2, cw * w, 1);
                }
                col += w - 1;
            }
        }
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(img, "png", png.toFile());
    }

    private static Color color(TextColor c, Color dflt) {
        if (c instanceof TextColor.ANSI a) {
            return a == TextColor.ANSI.DEFAULT ? dflt : PALETTE.getOrDefault(a, dflt);
        }
        if (c instanceof TextColor.RGB rgb) {
            return new Color(rgb.getRed(), rgb.getGreen(), rgb.getBlue());
        }
        return dflt;
    }
}
