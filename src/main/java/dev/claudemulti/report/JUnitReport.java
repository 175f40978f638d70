package dev.claudemulti.report;

import dev.claudemulti.display.Durations;
import dev.claudemulti.display.Text;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionView;
import java.io.StringWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * JUnit XML, so CI systems show one test case per task: a task that did not complete is a
 * failure of type its status ("not_run" for one still queued or running), with its reason in the
 * message and its result text in {@code <system-out>}; a task the run skipped (a halt policy or
 * the batch budget) is {@code <skipped message="reason"/>}, counted in the suite's
 * {@code skipped}, not in its failures. The suite's properties carry the batch budget used and
 * why the run halted, when there is one.
 */
public final class JUnitReport {
    private JUnitReport() {}

    public static String render(RunSnapshot run) {
        RunTotals totals = RunTotals.of(run);
        Document doc = newDocument();
        Element suites = doc.createElement("testsuites");
        doc.appendChild(suites);
        Element suite = doc.createElement("testsuite");
        suites.appendChild(suite);
        suite.setAttribute("name", xmlText("claude-multi run " + run.runId()));
        suite.setAttribute("tests", String.valueOf(totals.tasks()));
        long skipped = totals.count(Status.SKIPPED);
        suite.setAttribute("failures", String.valueOf(totals.notCompleted() - skipped));
        suite.setAttribute("errors", "0");
        suite.setAttribute("skipped", String.valueOf(skipped));
        suite.setAttribute("time", Durations.decimalSeconds(totals.wall()));
        if (run.startedAt() != null) {
            suite.setAttribute("timestamp", run.startedAt().toString());
        }
        Map<String, String> batch = new LinkedHashMap<>();
        String budget = BatchText.budgetUsed(totals);
        if (budget != null) {
            batch.put("budget", budget);
        }
        String halted = BatchText.halted(run.batch());
        if (halted != null) {
            batch.put("halted", Text.sanitize(halted));
        }
        addProperties(doc, suite, batch);
        for (SessionView s : run.sessions()) {
            Element testcase = doc.createElement("testcase");
            suite.appendChild(testcase);
            testcase.setAttribute("classname", xmlText("claude-multi." + run.runId()));
            testcase.setAttribute("name", xmlText(s.taskId()));
            Duration d = totals.duration(s);
            testcase.setAttribute("time", Durations.decimalSeconds(d == null ? Duration.ZERO : d));
            if (Status.of(s) == Status.SKIPPED) {
                Element skip = doc.createElement("skipped");
                testcase.appendChild(skip);
                if (s.reason() != null && !s.reason().isBlank()) {
                    skip.setAttribute(
                            "message", xmlText(Text.sanitize(s.reason()).strip()));
                }
            } else if (!Status.of(s).completed() && Status.of(s) != Status.ATTACHED) { // taken over: no failure
                Element failure = doc.createElement("failure");
                testcase.appendChild(failure);
                String status = s.state().label();
                String reason = s.reason() == null || s.reason().isBlank()
                        ? null
                        : Text.sanitize(s.reason()).strip();
                failure.setAttribute("message", xmlText(reason == null ? status : status + ": " + reason));
                failure.setAttribute("type", s.state().isFinal() ? status : "not_run");
                if (reason != null) {
                    failure.setTextContent(xmlText(s.reason()));
                }
            }
            String denied = deniedCalls(s);
            Map<String, String> properties = new LinkedHashMap<>();
            if (denied != null) {
                // It completed (exit 0), so it passes; CI shows properties and system-err beside a pass.
                properties.put("status", Status.of(s).label());
                properties.put("permission_denials", String.valueOf(s.denials().size()));
            }
            if (s.workspace() != null) {
                properties.putAll(WorkspaceFields.properties(s.workspace()));
            }
            if (s.check() != null) {
                properties.putAll(CheckFields.properties(s.check()));
            }
            addProperties(doc, testcase, properties);
            if (s.resultText() != null && !s.resultText().isEmpty()) {
                Element out = doc.createElement("system-out");
                testcase.appendChild(out);
                out.setTextContent(xmlText(Text.stripEscapes(s.resultText())));
            }
            if (denied != null) {
                Element err = doc.createElement("system-err");
                testcase.appendChild(err);
                err.setTextContent(xmlText(denied));
            }
        }
        return serialize(doc);
    }

    /** A {@code <properties>} element under {@code parent}, one property per entry; none when empty. */
    private static void addProperties(Document doc, Element parent, Map<String, String> properties) {
        if (properties.isEmpty()) {
            return;
        }
        Element props = doc.createElement("properties");
        parent.appendChild(props);
        properties.forEach((name, value) -> {
            Element p = doc.createElement("property");
            props.appendChild(p);
            p.setAttribute("name", name);
            p.setAttribute("value", xmlText(value));
        });
    }

    /** "completed with denials: 2 permission denials: Write, Bash" and one line per refused call; null if none. */
    private static String deniedCalls(SessionView s) {
        if (Status.of(s) != Status.COMPLETED_WITH_DENIALS) {
            return null;
        }
        StringBuilder b = new StringBuilder(Status.of(s).label()).append(": ").append(Denials.summary(s.denials()));
        for (var d : s.denials()) {
            b.append("\ndenied: ").append(Text.sanitize(d.describe()));
        }
        return b.toString();
    }

    /**
     * {@code text} without the characters XML 1.0 cannot hold at all (most C0 controls, lone
     * surrogates, U+FFFE/U+FFFF); the serializer escapes the rest, including "]]>".
     */
    static String xmlText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            boolean legal = cp == 0x9
                    || cp == 0xA
                    || cp == 0xD
                    || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD)
                    || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (legal) {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML support is missing", e);
        }
    }

    private static String serialize(Document doc) {
        try {
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            doc.setXmlStandalone(true);
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
    }
}
