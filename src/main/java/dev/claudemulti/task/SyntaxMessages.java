package dev.claudemulti.task;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Jackson's parse errors into one short line for a person. Jackson's own text names
 * internal features and appends "[Source: ...]" locations; this keeps only what helps to fix
 * the file. Unknown messages fall back to Jackson's first sentence, trimmed.
 */
final class SyntaxMessages {
    private static final Pattern UNEXPECTED_CHAR =
            Pattern.compile("Unexpected character \\((.+?) \\(code (\\d+)\\)\\)(.*)", Pattern.DOTALL);
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '(.*?)': .*", Pattern.DOTALL);
    private static final Pattern CLOSE_MARKER =
            Pattern.compile("Unexpected close marker '(.)': expected '(.)'.*", Pattern.DOTALL);
    private static final Pattern CTRL_CHAR =
            Pattern.compile("Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\).*", Pattern.DOTALL);
    private static final Pattern ESCAPE =
            Pattern.compile("Unrecognized character escape (.+?) \\(code \\d+\\).*", Pattern.DOTALL);
    private static final Pattern START_MARKER = Pattern.compile(
            "(Object|Array) start(?:ing)? (?:marker )?at \\[.*?line: (\\d+), column: (\\d+)\\]", Pattern.DOTALL);
    private static final Pattern START_MARKER_EOF = Pattern.compile(
            "close marker for (Object|Array) \\(start marker at \\[.*?line: (\\d+), column: (\\d+)\\]", Pattern.DOTALL);

    record Syntax(Position position, String message) {}

    private SyntaxMessages() {}

    static Syntax describe(JsonProcessingException e, JsonParser parser, String text) {
        JsonLocation location = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        Position at = Position.of(location);
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            if (e.getLocation() == null && at.column() > 1 && original.startsWith("Document nesting depth")) {
                // Jackson is already past the bracket that went one level too deep.
                at = new Position(at.line(), at.column() - 1);
            }
            return new Syntax(at, constraint(original));
        }
        Matcher m;
        if (original.startsWith("Unexpected end-of-input")) {
            return new Syntax(at, endOfInput(original));
        }
        if ((m = UNEXPECTED_CHAR.matcher(original)).matches()) {
            return new Syntax(at, unexpectedChar(Integer.parseInt(m.group(2)), m.group(3), text, location));
        }
        if ((m = UNRECOGNIZED_TOKEN.matcher(original)).matches()) {
            String token = m.group(1);
            // Jackson points after the token; the user wants its start.
            Position start = at.column() > token.length() ? new Position(at.line(), at.column() - token.length()) : at;
            return new Syntax(
                    start,
                    "unrecognized token " + Quoted.of(token)
                            + ": expected a value (a string in double quotes, a number, an object, an array, true, false or null)");
        }
        if ((m = CLOSE_MARKER.matcher(original)).matches()) {
            String opened = opened(START_MARKER, original);
            return new Syntax(
                    at,
                    "unexpected '" + m.group(1) + "': expected '" + m.group(2) + "'"
                            + (opened.isEmpty() ? "" : " to close the " + opened));
        }
        if ((m = CTRL_CHAR.matcher(original)).matches()) {
            int code = Integer.parseInt(m.group(1));
            return new Syntax(
                    at,
                    (code == '\n' || code == '\r' ? "line break" : Quoted.character(code))
                            + " inside a string; write it as an escape such as \\n");
        }
        if ((m = ESCAPE.matcher(original)).matches()) {
            return new Syntax(
                    at,
                    "invalid escape \\" + m.group(1).replace("'", "")
                            + " in a string; a literal backslash is written \\\\");
        }
        if (original.startsWith("Invalid numeric value: Leading zeroes")) {
            return new Syntax(at, "invalid number: leading zeros are not allowed");
        }
        return new Syntax(at, firstSentence(original));
    }

    private static String constraint(String original) {
        if (original.startsWith("Document nesting depth")) {
            return "nesting too deep: more than " + TaskFileReader.MAX_NESTING + " levels of [ and {";
        }
        if (original.startsWith("String value length")) {
            return "string is too long";
        }
        if (original.startsWith("Number value length")) {
            return "number is too long";
        }
        if (original.startsWith("Document length")) {
            return "file is larger than " + TaskFileInput.MAX_SHOWN;
        }
        return firstSentence(original);
    }

    private static String endOfInput(String original) {
        if (original.contains("closing quote")) {
            return "unexpected end of input inside a string: the closing '\"' is missing";
        }
        String opened = opened(START_MARKER_EOF, original);
        return "unexpected end of input" + (opened.isEmpty() ? "" : ": the " + opened + " is not closed");
    }

    /** "object opened at 2:3" when Jackson's message says where it started, else "". */
    private static String opened(Pattern pattern, String original) {
        Matcher m = pattern.matcher(original);
        if (!m.find()) {
            return "";
        }
        String what = m.group(1).equals("Object") ? "object" : "array";
        return what + " opened at " + m.group(2) + ":" + m.group(3);
    }

    private static String unexpectedChar(int code, String rest, String text, JsonLocation location) {
        String found = Quoted.character(code);
        if (rest.contains("comment")) {
            return "comments are not allowed in JSON";
        }
        if ((code == '}' || code == ']') && previousIsComma(text, location)) {
            return "trailing comma before '" + (char) code + "' is not allowed in JSON";
        }
        if (code == '\'') {
            return "strings must be in double quotes, found \"'\"";
        }
        if (rest.contains("colon to separate")) {
            return "expected ':' after the key, found " + found;
        }
        if (rest.contains("double-quote to start field name")) {
            return "expected a key in double quotes, found " + found;
        }
        if (rest.contains("comma to separate Array")) {
            return "expected ',' or ']' after an array element, found " + found;
        }
        if (rest.contains("comma to separate Object")) {
            return "expected ',' or '}' after a value, found " + found;
        }
        if (rest.contains("valid value")) {
            return "expected a value, found " + found;
        }
        if (rest.contains("numeric value")) {
            return "invalid number: unexpected " + found;
        }
        return "unexpected " + found;
    }

    // The location's offset is that of the offending character; look before it for the comma.
    private static boolean previousIsComma(String text, JsonLocation location) {
        long offset = location.getCharOffset();
        if (offset < 1 || offset > text.length()) {
            return false;
        }
        for (int i = (int) offset - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c == ',';
            }
        }
        return false;
    }

    private static String firstSentence(String original) {
        String line = original.lines().findFirst().orElse("invalid JSON");
        int source = line.indexOf(" at [Source");
        if (source >= 0) {
            line = line.substring(0, source);
        }
        source = line.indexOf(" (start marker");
        if (source >= 0) {
            line = line.substring(0, source);
        }
        line = line.strip();
        if (line.isEmpty()) {
            return "invalid JSON";
        }
        return "invalid JSON: " + Character.toLowerCase(line.charAt(0)) + line.substring(1);
    }
}
