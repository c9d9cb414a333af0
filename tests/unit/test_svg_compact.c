/* Unit tests of the report's compact SVG writer (src/report/svg_compact.c,
 * issue 17).  Every expected text is written out by hand from the rules:
 * numbers lose a trailing ".0" and a leading "0", paired colour digits are
 * halved, a line or a rectangle becomes a path, consecutive childless paths
 * with the same other attributes merge, and nothing else changes.
 */
#include <string.h>

#include "testutil.h"
#include "report/svg_i.h"

static void expect(const char *in, const char *want) {
    parley_buf out;
    parley_buf_init(&out);
    assert_int_equal(parley_i_svg_compact(in, strlen(in), &out), PARLEY_OK);
    assert_string_equal(out.data ? out.data : "", want);
    parley_buf_destroy(&out);
}

/* Numbers and colours, in the attributes that hold them only. */
static void test_numbers_and_colours(void **state) {
    (void)state;
    /* 72.0 -> 72, 0.8 -> .8, 0.0 -> 0, 12.5 and 100 unchanged, 72.50 -> 72.5 */
    expect("<text x=\"72.0\" y=\"0.0\" font-size=\"12.5\" dy=\"72.50\">1.0 #FFFFFF</text>",
           "<text x=\"72\" y=\"0\" font-size=\"12.5\" dy=\"72.5\">1.0 #FFFFFF</text>");
    /* #DDDDDD -> #DDD; #0072B2 stays; an id or a namespace keeps its digits and dots */
    expect("<g id=\"chart-a1.0\" fill=\"#DDDDDD\" stroke=\"#0072B2\" stroke-width=\"0.8\">",
           "<g id=\"chart-a1.0\" fill=\"#DDD\" stroke=\"#0072B2\" stroke-width=\".8\">");
    expect("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 479.0\">",
           "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 479\">");
    /* a negative number: -0.5 -> -.5 */
    expect("<path d=\"M-0.5 10.0L3.0 -4.0\" stroke=\"#000000\"/>",
           "<path d=\"M-.5 10L3 -4\" stroke=\"#000\"/>");
}

/* Lines and rectangles as paths; a rectangle with an id or children stays. */
static void test_shapes(void **state) {
    (void)state;
    expect("<line x1=\"72.0\" y1=\"381.0\" x2=\"510.0\" y2=\"381.0\" stroke=\"#DDDDDD\"/>",
           "<path d=\"M72 381H510\" stroke=\"#DDD\"/>");
    expect("<line x1=\"88.2\" y1=\"381.0\" x2=\"88.2\" y2=\"386.0\" stroke=\"#000000\"/>",
           "<path d=\"M88.2 381V386\" stroke=\"#000\"/>");
    expect("<line x1=\"1\" y1=\"2\" x2=\"3\" y2=\"4\" stroke=\"#000\"/>",
           "<path d=\"M1 2L3 4\" stroke=\"#000\"/>");
    /* x 84.2, y 122, width 8, height 8: M84.2 122 h8 v8 h-8 z */
    expect("<rect x=\"84.2\" y=\"122.0\" width=\"8.0\" height=\"8.0\" fill=\"#D55E00\"/>",
           "<path d=\"M84.2 122h8v8h-8z\" fill=\"#D55E00\"/>");
    expect("<rect class=\"band\" x=\"1.0\" y=\"2\" width=\"3\" height=\"4\"/>",
           "<rect class=\"band\" x=\"1\" y=\"2\" width=\"3\" height=\"4\"/>");
    expect(
        "<rect x=\"1\" y=\"2\" width=\"3\" height=\"4\" fill=\"#FFFFFF\"><title>a</title></rect>",
        "<rect x=\"1\" y=\"2\" width=\"3\" height=\"4\" fill=\"#FFF\"><title>a</title></rect>");
    /* a circle is left a circle */
    expect("<circle cx=\"84.7\" cy=\"81.0\" r=\"4.0\" fill=\"#0072B2\"/>",
           "<circle cx=\"84.7\" cy=\"81\" r=\"4\" fill=\"#0072B2\"/>");
}

/* Runs of alike paths merge; different attributes, text between, an
 * opacity, or a fill and a stroke together keep them apart. */
static void test_merging(void **state) {
    (void)state;
    expect("<rect x=\"1\" y=\"1\" width=\"2\" height=\"2\" fill=\"#009E73\"/>\n"
           "<path d=\"M5 5L6 6L4 6Z\" fill=\"#009E73\"/>\n"
           "<path d=\"M9 9L10 10\" fill=\"#D55E00\"/>\n",
           "<path d=\"M1 1h2v2h-2zM5 5L6 6L4 6Z\" fill=\"#009E73\"/>\n"
           "<path d=\"M9 9L10 10\" fill=\"#D55E00\"/>\n");
    /* grid lines, one after another */
    expect("<line x1=\"72\" y1=\"381\" x2=\"510\" y2=\"381\" stroke=\"#DDDDDD\"/>\n"
           "<line x1=\"72\" y1=\"321\" x2=\"510\" y2=\"321\" stroke=\"#DDDDDD\"/>\n<g>",
           "<path d=\"M72 381H510M72 321H510\" stroke=\"#DDD\"/>\n<g>");
    /* text between: not merged */
    expect("<path d=\"M1 1\" fill=\"#000\"/>x<path d=\"M2 2\" fill=\"#000\"/>",
           "<path d=\"M1 1\" fill=\"#000\"/>x<path d=\"M2 2\" fill=\"#000\"/>");
    /* translucent, or filled and stroked: not merged */
    expect("<path d=\"M1 1\" fill=\"#000\" fill-opacity=\"0.5\"/><path d=\"M2 2\" fill=\"#000\" "
           "fill-opacity=\"0.5\"/>",
           "<path d=\"M1 1\" fill=\"#000\" fill-opacity=\".5\"/><path d=\"M2 2\" fill=\"#000\" "
           "fill-opacity=\".5\"/>");
    expect("<path d=\"M1 1\" fill=\"#000\" stroke=\"#FFF\"/><path d=\"M2 2\" fill=\"#000\" "
           "stroke=\"#FFF\"/>",
           "<path d=\"M1 1\" fill=\"#000\" stroke=\"#FFF\"/><path d=\"M2 2\" fill=\"#000\" "
           "stroke=\"#FFF\"/>");
    /* stroked only (fill none) merges */
    expect(
        "<path d=\"M1 1L2 2\" stroke=\"#56B4E9\" stroke-width=\"2.5\" fill=\"none\"/>\n"
        "<path d=\"M3 3L4 4\" stroke=\"#56B4E9\" stroke-width=\"2.5\" fill=\"none\"/>\n",
        "<path d=\"M1 1L2 2M3 3L4 4\" stroke=\"#56B4E9\" stroke-width=\"2.5\" fill=\"none\"/>\n");
}

/* Closing tags, text and entities pass through as they are. */
static void test_passthrough(void **state) {
    (void)state;
    expect("<title>steel &lt;union&gt; 2.0</title>\n</svg>\n",
           "<title>steel &lt;union&gt; 2.0</title>\n</svg>\n");
    expect("", "");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_and_colours),
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_merging),
        cmocka_unit_test(test_passthrough),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
