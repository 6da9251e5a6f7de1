package org.ringplc.server.api;

/** JavaScript expressions that find the elements of the online diagram view (/ladder.html) in a page. */
final class DiagramDom {
    private DiagramDom() {
    }

    /** The drawn element whose PLCopen localId is {@code id}, in the shown instance's diagram. */
    static String element(int id) {
        return "document.querySelector('#lv-main [data-id=\"" + id + "\"]')";
    }
}
