package dev.claudemulti.tui;

/**
 * A view of lines longer than the screen that the scroll keys move through: the tail view and the
 * diff view. Line and page steps are in lines of the view's text; what a page is, is the view's
 * last layout. GUI thread only.
 */
interface Scrollable {
    /** Moves by {@code lines} (negative: up), stopping at the first and the last line. */
    void scroll(int lines);

    /** Moves by whole pages; a page keeps one line of the last in view. */
    void page(int pages);

    /** Goes to the first line. */
    void home();

    /** Goes to the end (the tail view then follows new output). */
    void end();
}
