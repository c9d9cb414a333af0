/* Other tools' formats: every shipped Decide and KTAB file loads with the
 * counts and values the files state; the defective ones fail (or warn) with
 * the precise reason; several-issue stakeholder tables; character handling;
 * numbers in the C locale under a German locale; every data file converted
 * to every format and back with the values compared exactly. */
#include "testutil.h"

#include "ktab_wide.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses text in format fmt; returns the status and the formatted
 * diagnostics in *diags_text (caller frees). */
static parley_status parse_text(parley_scenario *s, parley_format fmt, const char *text,
                                const char *file, const parley_read_options *o, char **diags_text) {
    parley_diags d;
    parley_diags_init(&d);
    parley_status st = parley_scenario_parse(s, fmt, text, strlen(text), file, o, &d);
    parley_buf b;
    parley_buf_init(&b);
    char line[1024];
    for (size_t k = 0; k < d.count; ++k)
        parley_buf_printf(&b, "%s\n", parley_diag_format(&d.items[k], line, sizeof line));
    parley_diags_destroy(&d);
    if (diags_text)
        *diags_text = b.data ? b.data : calloc(1, 1);
    else
        parley_buf_destroy(&b);
    return st;
}

/* Loads tests/data/relative, returning the status and diagnostics. */
static parley_status load_text(parley_scenario *s, const char *relative, char **diags_text) {
    char *data = NULL;
    size_t size = 0;
    parley_error err;
    assert_int_equal(parley_read_file(test_data(relative), &data, &size, &err), PARLEY_OK);
    parley_format fmt = parley_format_from_name(relative);
    if (fmt != PARLEY_FORMAT_JSON && fmt != PARLEY_FORMAT_KTAB_XML)
        fmt = parley_format_sniff(data, size);
    parley_diags d;
    parley_diags_init(&d);
    parley_status st = parley_scenario_parse(s, fmt, data, size, relative, NULL, &d);
    parley_buf b;
    parley_buf_init(&b);
    char line[1024];
    for (size_t k = 0; k < d.count; ++k)
        parley_buf_printf(&b, "%s\n", parley_diag_format(&d.items[k], line, sizeof line));
    parley_diags_destroy(&d);
    free(data);
    *diags_text = b.data ? b.data : calloc(1, 1);
    return st;
}

static size_t present_cells(const parley_scenario *s) {
    size_t n = 0;
    for (size_t k = 0; k < s->n_actors * s->n_issues; ++k)
        n += s->cells[k].present != 0;
    return n;
}

static size_t total_labels(const parley_scenario *s) {
    size_t n = 0;
    for (size_t i = 0; i < s->n_issues; ++i)
        n += s->issues[i].n_labels;
    return n;
}

static const parley_cell *cell(const parley_scenario *s, const char *actor, const char *issue) {
    size_t a = parley_scenario_find_actor(s, actor), i = parley_scenario_find_issue(s, issue);
    if (a == (size_t)-1 || i == (size_t)-1)
        fail_msg("no cell %s/%s", actor, issue);
    return parley_scenario_cell_const(s, a, i);
}

/* ---- Decide ----------------------------------------------------------- */

static void test_decide_files(void **state) {
    (void)state;
    /* counts from docs/formats.md (shared/models/formats.md 2.4): actors,
     * issues, #D cells, #M rows with a meaning */
    static const struct {
        const char *file;
        size_t actors, issues, cells, labels;
    } files[] = {
        {"decide/sample_data.txt", 10, 6, 60, 0},
        {"decide/copenhagen.csv", 11, 7, 75, 0},
        {"decide/copenhagen_labelled.csv", 11, 7, 75, 0},
        {"decide/cop21.csv", 15, 13, 181, 0},
        {"decide/cop21_labelled.csv", 15, 13, 181, 66},
        {"decide/cop21_2016.csv", 15, 13, 181, 66},
    };
    for (size_t k = 0; k < sizeof files / sizeof files[0]; ++k) {
        parley_scenario s;
        char *diags;
        parley_status st = load_text(&s, files[k].file, &diags);
        if (st != PARLEY_OK)
            fail_msg("%s: %s", files[k].file, diags);
        assert_int_equal(s.n_actors, files[k].actors);
        assert_int_equal(s.n_issues, files[k].issues);
        assert_int_equal(present_cells(&s), files[k].cells);
        assert_int_equal(total_labels(&s), files[k].labels);
        assert_int_equal(s.salience_scale, PARLEY_SALIENCE_UNIT);
        free(diags);
        parley_scenario_destroy(&s);
    }
    parley_scenario s;
    char *diags;
    /* sample_data: tab, quoted; the toll amount's scale 0.5-7; VVDs; Willems's
     * cell on tol-hoogte is 3.0 / 0.7 / 1.0 */
    assert_int_equal(load_text(&s, "decide/sample_data.txt", &diags), PARLEY_OK);
    size_t i = parley_scenario_find_issue(&s, "tol-hoogte");
    assert_true(i != (size_t)-1);
    assert_true(s.issues[i].lo == 0.5 && s.issues[i].hi == 7 && s.issues[i].bounds_given);
    assert_true(parley_scenario_find_actor(&s, "VVDs") != (size_t)-1);
    const parley_cell *c = cell(&s, "Willems", "tol-hoogte");
    assert_true(c->position == 3.0 && c->salience == 0.7 && c->capability == 1.0);
    /* "#P 'wanneer-tol' 'wanneer-tol' 'Wat is dit voor onzin?'" */
    assert_string_equal(s.issues[parley_scenario_find_issue(&s, "wanneer-tol")].description,
                        "Wat is dit voor onzin?");
    assert_string_equal(s.name, "sample_data");
    free(diags);
    parley_scenario_destroy(&s);

    /* copenhagen: ids with spaces; Russia has no cell on Commitments and Extra */
    assert_int_equal(load_text(&s, "decide/copenhagen.csv", &diags), PARLEY_OK);
    assert_true(parley_scenario_find_actor(&s, "EU (incl Norway)") != (size_t)-1);
    assert_false(cell(&s, "Russia", "Commitments")->present);
    assert_false(cell(&s, "Russia", "Extra")->present);
    assert_true(cell(&s, "Russia", "Control")->present);
    free(diags);
    parley_scenario_destroy(&s);

    /* cop21_labelled: ';'-separated, title, comments, meanings with U+2019
     * and a leading space kept byte-exact */
    assert_int_equal(load_text(&s, "decide/cop21_labelled.csv", &diags), PARLEY_OK);
    assert_string_equal(s.name,
                        "CoP21 Paris negotiations (power scores based on expert judgements)");
    assert_non_null(strstr(s.description, "Data consolidated on 2 Oct 2015"));
    const parley_issue *d = &s.issues[parley_scenario_find_issue(&s, "differentiation")];
    assert_int_equal(d->n_labels, 5);
    assert_true(d->labels[3].point == 75);
    assert_non_null(strstr(d->labels[3].label, "Convention\xE2\x80\x99s Annexes"));
    int leading_space = 0;
    for (size_t k = 0; k < s.n_issues; ++k)
        for (size_t j = 0; j < s.issues[k].n_labels; ++j)
            if (strcmp(s.issues[k].labels[j].label, " Kyoto compliance regime") == 0)
                leading_space = 1;
    assert_true(leading_space);
    /* 7 actors have no cells on amb2050 and amb2100 */
    size_t absent = 0;
    for (size_t a = 0; a < s.n_actors; ++a)
        absent += !cell(&s, s.actors[a].name, "amb2050")->present;
    assert_int_equal(absent, 7);
    free(diags);
    parley_scenario_destroy(&s);
}

/* The same numbers in independently kept files: the multiset of
 * (position, salience, power) cells agrees. */
static int by_triple(const void *a, const void *b) {
    const double *x = a, *y = b;
    for (int k = 0; k < 3; ++k)
        if (x[k] != y[k])
            return x[k] < y[k] ? -1 : 1;
    return 0;
}

static double *triples(const parley_scenario *s, size_t *n) {
    double *t = malloc(3 * s->n_actors * s->n_issues * sizeof *t);
    *n = 0;
    for (size_t k = 0; k < s->n_actors * s->n_issues; ++k) {
        if (!s->cells[k].present)
            continue;
        t[3 * *n] = s->cells[k].position;
        t[3 * *n + 1] = s->cells[k].salience;
        t[3 * *n + 2] = s->cells[k].capability;
        (*n)++;
    }
    qsort(t, *n, 3 * sizeof *t, by_triple);
    return t;
}

static void assert_same_numbers(const char *f1, const char *f2) {
    parley_scenario a, b;
    char *d1, *d2;
    assert_int_equal(load_text(&a, f1, &d1), PARLEY_OK);
    assert_int_equal(load_text(&b, f2, &d2), PARLEY_OK);
    size_t n1, n2;
    double *t1 = triples(&a, &n1), *t2 = triples(&b, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(t1, t2, 3 * n1 * sizeof *t1);
    free(t1);
    free(t2);
    free(d1);
    free(d2);
    parley_scenario_destroy(&a);
    parley_scenario_destroy(&b);
}

static void test_decide_same_numbers(void **state) {
    (void)state;
    assert_same_numbers("decide/copenhagen.csv", "decide/copenhagen_labelled.csv");
    assert_same_numbers("decide/cop21.csv", "decide/cop21_labelled.csv");
    assert_same_numbers("decide/cop21.csv", "decide/cop21_2016.csv");
    assert_same_numbers("ktab/dummyData_3Dim.csv", "ktab/dummyData_3Dim.xml");
    assert_same_numbers("ktab/dummyData_3Dim.csv", "ktab/dummyData_3Dim-no-final-comma.csv");
}

static void test_decide_planted_errors(void **state) {
    (void)state;
    parley_scenario s;
    char *diags;
    assert_int_equal(load_text(&s, "decide/copenhagen_with_errors.csv", &diags), PARLEY_EDATA);
    /* line 86: Russia's Control position 160; line 87: China India's power -0.247 */
    assert_string_equal(
        diags,
        "decide/copenhagen_with_errors.csv:86:19: position 160 is outside the scale of issue "
        "\"Control\" [0, 100] (expected a position inside the issue's #M range)\n"
        "decide/copenhagen_with_errors.csv:87:32: power -0.247 is outside [0, 100] (expected a "
        "non-negative power, as Decide requires)\n");
    assert_null(s.actors);
    free(diags);
}

static void test_decide_syntax(void **state) {
    (void)state;
    parley_scenario s;
    char *diags;
    /* semicolons, padding, '#0' for the title, an issue without #D rows
     * (left out with a warning), a blank line, CRLF, a BOM */
    const char *text =
        "\xEF\xBB\xBF#0;Toy case;;;;\r\n#A;gov;Government;;;\r\n#A;opp;Opposition;;;\r\n"
        "#P;tax;Tax rate;;;\r\n#M;tax;0;No change;;\r\n#M;tax;100;Double;;\r\n\r\n"
        "#P;vat;;;;\r\n#D;gov;tax;80;0.9;1\r\n#D;opp;tax;10;0.6;0.5\r\n";
    assert_int_equal(parse_text(&s, PARLEY_FORMAT_DECIDE, text, "toy.csv", NULL, &diags),
                     PARLEY_OK);
    assert_string_equal(
        diags, "toy.csv:1:1: warning: tag \"#0\" (zero) read as the title tag \"#O\" (letter O)\n"
               "toy.csv:8: warning: issue \"vat\" has no #D row and is left out (expected at least "
               "one actor on it)\n");
    assert_string_equal(s.name, "Toy case");
    assert_int_equal(s.n_issues, 1);
    assert_string_equal(s.actors[0].description, "Government");
    assert_string_equal(s.issues[0].labels[1].label, "Double");
    assert_true(cell(&s, "opp", "tax")->capability == 0.5);
    free(diags);
    parley_scenario_destroy(&s);

    /* every problem of a file in one pass */
    text = "#A\tgov\n#A\tgov\n#P\ttax\n#M\ttax\t50\n#X\tfoo\n#D\tgov\ttax\t80\t1.5\t1\n#"
           "D\tnobody\ttax\t1\t1\t1\n"
           "#D\tgov\ttax\t80\t0.5\t1\n#D\tgov\tvat\t1\t1\tx\n";
    assert_int_equal(parse_text(&s, PARLEY_FORMAT_DECIDE, text, "bad.txt", NULL, &diags),
                     PARLEY_EPARSE);
    assert_string_equal(
        diags,
        "bad.txt:5:1: unknown row tag \"#X\" (expected #O, #/, #A, #P, #M or #D)\n"
        "bad.txt:2: duplicate actor \"gov\" (already declared on line 1)\n"
        "bad.txt:3: issue \"tax\" has a zero-width scale: every #M row is at 50 (expected #M rows "
        "at "
        "two different positions, or none for 0-100)\n"
        "bad.txt:6:15: salience 1.5 is outside [0, 1] (expected a salience on 0-1; use "
        "--salience-scale 100 for 0-100)\n"
        "bad.txt:7:4: actor \"nobody\" is not declared (expected the id of a #A row)\n"
        "bad.txt:8:4: duplicate cell for actor \"gov\" on issue tax (already given on line 6)\n"
        "bad.txt:9:8: issue \"vat\" is not declared (expected the id of a #P row)\n"
        "bad.txt:9:16: expected a number for the power, found \"x\"\n");
    free(diags);
    /* saliences on 0-100 with the option */
    parley_read_options o;
    parley_read_options_init(&o);
    o.salience_scale = 100;
    assert_int_equal(parse_text(&s, PARLEY_FORMAT_DECIDE,
                                "#A;a\n#A;b\n#P;x\n#D;a;x;10;60;1\n#D;b;x;90;40;1\n", "p.csv", &o,
                                &diags),
                     PARLEY_OK);
    assert_true(cell(&s, "a", "x")->salience == 0.6);
    free(diags);
    parley_scenario_destroy(&s);
}

/* The JSON fixtures the models' tests use were made from the same Decide
 * files by a separate script (tests/data/decide/README.md): parley's Decide
 * reader must agree with them on every actor, issue, bound and cell. */
static void test_decide_matches_json_fixtures(void **state) {
    (void)state;
    static const char *const pairs[][2] = {{"decide/sample_data.txt", "decide/sample_data.json"},
                                           {"decide/copenhagen.csv", "decide/copenhagen.json"},
                                           {"decide/cop21.csv", "decide/cop21.json"}};
    for (size_t k = 0; k < 3; ++k) {
        parley_scenario a, b;
        char *d1, *d2;
        assert_int_equal(load_text(&a, pairs[k][0], &d1), PARLEY_OK);
        if (load_text(&b, pairs[k][1], &d2) != PARLEY_OK)
            fail_msg("%s: %s", pairs[k][1], d2);
        assert_int_equal(a.n_actors, b.n_actors);
        assert_int_equal(a.n_issues, b.n_issues);
        for (size_t x = 0; x < a.n_actors; ++x)
            assert_string_equal(a.actors[x].name, b.actors[x].name);
        for (size_t i = 0; i < a.n_issues; ++i) {
            assert_string_equal(a.issues[i].name, b.issues[i].name);
            assert_true(a.issues[i].lo == b.issues[i].lo && a.issues[i].hi == b.issues[i].hi);
        }
        for (size_t c = 0; c < a.n_actors * a.n_issues; ++c) {
            assert_int_equal(a.cells[c].present, b.cells[c].present);
            if (!a.cells[c].present)
                continue;
            assert_true(a.cells[c].position == b.cells[c].position);
            assert_true(a.cells[c].salience == b.cells[c].salience);
            assert_true(a.cells[c].capability == b.cells[c].capability);
        }
        free(d1);
        free(d2);
        parley_scenario_destroy(&a);
        parley_scenario_destroy(&b);
    }
}

/* ---- KTAB ------------------------------------------------------------- */

static void test_ktab_csv_files(void **state) {
    (void)state;
    static const struct {
        const char *file;
        size_t actors, dims;
    } files[] = {
        {"ktab/dummyData_3Dim.csv", 7, 3},   {"ktab/dummyData_3Dim-no-final-comma.csv", 7, 3},
        {"ktab/dummyData_6Dim.csv", 27, 6},  {"ktab/SOE-Pol-Comp.csv", 13, 2},
        {"ktab/dummyData-a040.csv", 40, 1},  {"ktab/dummyData-a080.csv", 80, 1},
        {"ktab/dummyData-a160.csv", 160, 1},
    };
    for (size_t k = 0; k < sizeof files / sizeof files[0]; ++k) {
        parley_scenario s;
        char *diags;
        if (load_text(&s, files[k].file, &diags) != PARLEY_OK)
            fail_msg("%s: %s", files[k].file, diags);
        assert_string_equal(diags, "");
        assert_int_equal(s.n_actors, files[k].actors);
        assert_int_equal(s.n_issues, files[k].dims);
        assert_int_equal(present_cells(&s), files[k].actors * files[k].dims);
        assert_int_equal(s.salience_scale, PARLEY_SALIENCE_PERCENT);
        for (size_t i = 0; i < s.n_issues; ++i)
            assert_true(s.issues[i].lo == 0 && s.issues[i].hi == 100);
        free(diags);
        parley_scenario_destroy(&s);
    }
    parley_scenario s;
    char *diags;
    /* "SActor-00, Random Spatial Actor, 102.543, 75.79, 49.53,  6.37,  5.91, 70.45, 28.15," */
    assert_int_equal(load_text(&s, "ktab/dummyData_3Dim.csv", &diags), PARLEY_OK);
    assert_string_equal(s.name, "DummyData_3Dim");
    assert_string_equal(s.description, "Dummy scenario to test reading format");
    assert_string_equal(s.issues[1].name, "Pstn2");
    assert_string_equal(s.actors[0].description, "Random Spatial Actor");
    const parley_cell *c = cell(&s, "SActor-00", "Pstn2");
    assert_true(c->position == 6.37 && c->salience == 5.91 / 100 && c->capability == 102.543);
    free(diags);
    parley_scenario_destroy(&s);
    /* semicolons inside text, spaces before numbers, "Influence" */
    assert_int_equal(load_text(&s, "ktab/SOE-Pol-Comp.csv", &diags), PARLEY_OK);
    assert_string_equal(s.name, "China Policy/Competitive; scen 2");
    assert_string_equal(s.issues[0].name, "Policy Position");
    c = cell(&s, "XJ", "Competitive Position");
    assert_true(c->position == 20 && c->salience == 0.48 && c->capability == 100.0);
    free(diags);
    parley_scenario_destroy(&s);
    /* CRLF; "AA00,Actor 00,99.98,50,8,..." */
    assert_int_equal(load_text(&s, "ktab/dummyData_6Dim.csv", &diags), PARLEY_OK);
    c = cell(&s, "AA00", "Dim0 Position");
    assert_true(c->position == 50 && c->salience == 0.08 && c->capability == 99.98);
    free(diags);
    parley_scenario_destroy(&s);
}

/* The spatial model's tests read KTAB CSV with their own small reader
 * (tests/unit/ktab_wide.h, written separately): both readers must agree on
 * every name and number of every shipped file. */
static int same_trimmed(const char *a, const char *b) {
    while (*a == ' ')
        ++a;
    while (*b == ' ')
        ++b;
    size_t na = strlen(a), nb = strlen(b);
    while (na && a[na - 1] == ' ')
        --na;
    while (nb && b[nb - 1] == ' ')
        --nb;
    return na == nb && strncmp(a, b, na) == 0;
}

static void test_ktab_matches_second_reader(void **state) {
    (void)state;
    static const char *const files[] = {
        "ktab/dummyData_3Dim.csv", "ktab/dummyData_3Dim-no-final-comma.csv",
        "ktab/dummyData_6Dim.csv", "ktab/SOE-Pol-Comp.csv",
        "ktab/dummyData-a040.csv", "ktab/dummyData-a080.csv",
        "ktab/dummyData-a160.csv"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; ++f) {
        parley_scenario s;
        char *diags;
        assert_int_equal(load_text(&s, files[f], &diags), PARLEY_OK);
        ktab_csv c;
        assert_int_equal(ktab_read(&c, test_data(files[f])), 0);
        assert_int_equal(s.n_actors, c.n);
        assert_int_equal(s.n_issues, c.k);
        for (size_t i = 0; i < c.k; ++i)
            assert_true(same_trimmed(s.issues[i].name, c.dim[i]));
        for (size_t a = 0; a < c.n; ++a) {
            assert_true(same_trimmed(s.actors[a].name, c.name[a]));
            for (size_t i = 0; i < c.k; ++i) {
                const parley_cell *x = parley_scenario_cell_const(&s, a, i);
                assert_true(x->capability == c.cap[a]);
                assert_true(x->position == c.pos[a * c.k + i]);
                assert_true(x->salience == c.sal[a * c.k + i]);
            }
        }
        ktab_free(&c);
        free(diags);
        parley_scenario_destroy(&s);
    }
}

static void test_ktab_xml_files(void **state) {
    (void)state;
    parley_scenario s;
    char *diags;
    /* valid against the schema but without <IdealAdjustment>, which KTAB's
     * reader requires: loads, with that warning */
    assert_int_equal(load_text(&s, "ktab/dummyData_3Dim.xml", &diags), PARLEY_OK);
    assert_string_equal(
        diags,
        "ktab/dummyData_3Dim.xml:11: warning: no <IdealAdjustment> element after <Actors> (the "
        "schema allows that; KTAB's own reader rejects the file): the identity matrix is "
        "assumed\n");
    assert_int_equal(s.n_actors, 7);
    assert_int_equal(s.n_issues, 3);
    assert_string_equal(s.issues[2].name, "Pstn3");
    free(diags);
    parley_scenario_destroy(&s);
    /* Alice's first <dCoord> is empty (line 32) */
    assert_int_equal(load_text(&s, "ktab/smpExample.xml", &diags), PARLEY_EDATA);
    assert_string_equal(
        diags,
        "ktab/smpExample.xml:7: warning: <ModelParameters> left out: a parley scenario holds no "
        "model "
        "switches (choose them with options)\n"
        "ktab/smpExample.xml:32: empty <dCoord> (position on dimension 1 of actor \"Alice\"; "
        "expected "
        "a number)\n"
        "ktab/smpExample.xml:110: warning: <IdealAdjustment> left out: a parley scenario holds no "
        "ideal-adjustment matrix\n");
    free(diags);
}

/* ---- stakeholder tables with several issues --------------------------------- */

static void test_multi_issue_table(void **state) {
    (void)state;
    parley_scenario s;
    char *diags;
    const char *text =
        "Actor,Description,Capability,Position tax,Salience tax,vat Position,vat: Salience\n"
        "gov,Government,60,80,0.9,20,0.5\n"
        "opp,\"Opposition, left\",40,10,0.6,,\n"
        "biz,,25,,,70,1\n";
    assert_int_equal(parse_text(&s, PARLEY_FORMAT_TABLE, text, "m.csv", NULL, &diags), PARLEY_OK);
    assert_int_equal(s.n_issues, 2);
    assert_string_equal(s.issues[0].name, "tax");
    assert_string_equal(s.issues[1].name, "vat");
    assert_string_equal(s.actors[1].description, "Opposition, left");
    assert_null(s.actors[2].description);
    assert_false(cell(&s, "opp", "vat")->present);
    assert_false(cell(&s, "biz", "tax")->present);
    assert_true(cell(&s, "biz", "vat")->capability == 25 &&
                cell(&s, "gov", "vat")->salience == 0.5);
    /* bounds: the range of the positions on each issue */
    assert_true(s.issues[0].lo == 10 && s.issues[0].hi == 80 && s.issues[1].lo == 20 &&
                s.issues[1].hi == 70);
    free(diags);
    parley_scenario_destroy(&s);
    /* per-issue capability columns */
    text = "Actor,Position a,Salience a,Capability a,Position b,Salience b,Capability "
           "b\nx,1,0.5,3,2,0.5,4\ny,3,0.5,1,4,0.5,2\n";
    assert_int_equal(parse_text(&s, PARLEY_FORMAT_TABLE, text, "c.csv", NULL, &diags), PARLEY_OK);
    assert_true(cell(&s, "x", "b")->capability == 4 && cell(&s, "y", "a")->capability == 1);
    free(diags);
    parley_scenario_destroy(&s);
    /* problems: half a cell, an issue nobody has a value on, mixed forms */
    text = "Actor,Capability,Position tax,Salience tax,Position vat,Salience "
           "vat\na,1,10,0.5,,\nb,1,,0.5,,\n";
    assert_int_equal(parse_text(&s, PARLEY_FORMAT_TABLE, text, "p.csv", NULL, &diags),
                     PARLEY_EDATA);
    assert_string_equal(diags,
                        "p.csv:3:5: expected a number for Position tax, found an empty field\n");
    free(diags);
    text = "Actor,Capability,Position tax,Salience tax,Position vat,Salience "
           "vat\na,1,10,0.5,,\nb,1,20,0.5,,\n";
    assert_int_equal(parse_text(&s, PARLEY_FORMAT_TABLE, text, "p.csv", NULL, &diags),
                     PARLEY_EDATA);
    assert_string_equal(
        diags,
        "p.csv:1:44: no actor takes part in issue \"vat\" (expected a Position and a Salience "
        "in at least one row)\n");
    free(diags);
    text = "Actor,Capability,Position,Salience tax\na,1,10,0.5\n";
    assert_int_equal(parse_text(&s, PARLEY_FORMAT_TABLE, text, "p.csv", NULL, &diags),
                     PARLEY_EDATA);
    assert_string_equal(
        diags, "p.csv:1: plain Position/Salience columns mixed with per-issue columns (expected "
               "either one issue, or every column named like \"Position tax\")\n");
    free(diags);
}

/* UTF-8 names (accents, CJK), BOM, CRLF, quoted fields with separators. */
static void test_characters(void **state) {
    (void)state;
    parley_scenario s;
    char *diags;
    const char *text = "\xEF\xBB\xBF"
                       "Actor,Capability,Position,Salience\r\n"
                       "\"Côte d'Ivoire, gouvernement\",1.5,10,0.5\r\n"
                       "中华人民共和国,2,30,0.75\r\n"
                       "\"Say \"\"no\"\"\",1,20,1\r\n";
    assert_int_equal(parse_text(&s, PARLEY_FORMAT_TABLE, text, "u.csv", NULL, &diags), PARLEY_OK);
    assert_string_equal(s.actors[0].name, "Côte d'Ivoire, gouvernement");
    assert_string_equal(s.actors[1].name, "中华人民共和国");
    assert_string_equal(s.actors[2].name, "Say \"no\"");
    free(diags);
    parley_scenario_destroy(&s);
    /* columns count characters, not bytes: the error is at column 9 after 7 CJK characters */
    text = "Actor,Capability,Position,Salience\n中华人民共和国,x,30,0.75\n";
    assert_int_equal(parse_text(&s, PARLEY_FORMAT_TABLE, text, "u.csv", NULL, &diags),
                     PARLEY_EDATA);
    assert_string_equal(diags, "u.csv:2:9: expected a number for Capability, found \"x\"\n");
    free(diags);
    /* Decide with single-quoted names holding the separator and a quote */
    text = "'#A'\t'Côte d''Ivoire'\t'Elfenbeinküste\tCI'\n'#A'\t'日本'\n'#P'\t'x'\n"
           "'#D'\t'Côte d''Ivoire'\t'x'\t10\t0.5\t1\n'#D'\t'日本'\t'x'\t20\t0.5\t1\n";
    assert_int_equal(parse_text(&s, PARLEY_FORMAT_DECIDE, text, "q.txt", NULL, &diags), PARLEY_OK);
    assert_string_equal(s.actors[0].name, "Côte d'Ivoire");
    assert_string_equal(s.actors[0].description, "Elfenbeinküste\tCI");
    assert_string_equal(s.actors[1].name, "日本");
    free(diags);
    parley_scenario_destroy(&s);
}

/* Numbers are read and written in the C locale whatever the caller's. */
static void test_locale(void **state) {
    (void)state;
    locale_t de = newlocale(LC_ALL_MASK, "de_DE.UTF-8", (locale_t)0);
    if (!de)
        fail_msg("locale de_DE.UTF-8 is not installed (scripts/install-deps.sh generates it)");
    locale_t old = uselocale(de);
    char probe[32];
    snprintf(probe, sizeof probe, "%.1f", 0.5);
    assert_string_equal(probe, "0,5"); /* the locale is really in effect */
    parley_scenario s;
    char *diags;
    const char *text = "Actor,Capability,Position,Salience\na,1.25,10.5,0.5\nb,2,20.75,0.25\n";
    assert_int_equal(parse_text(&s, PARLEY_FORMAT_TABLE, text, "l.csv", NULL, &diags), PARLEY_OK);
    assert_true(cell(&s, "a", "l")->capability == 1.25 && cell(&s, "b", "l")->position == 20.75);
    free(diags);
    for (int f = PARLEY_FORMAT_JSON; f <= PARLEY_FORMAT_KTAB_XML; ++f) {
        parley_buf b;
        parley_buf_init(&b);
        parley_write_options wo;
        parley_write_options_init(&wo);
        wo.lossy = 1;
        assert_int_equal(parley_scenario_write(&s, (parley_format)f, &wo, &b, NULL), PARLEY_OK);
        assert_non_null(strstr(b.data, "20.75"));
        assert_null(strstr(b.data, "20,75"));
        parley_buf_destroy(&b);
    }
    parley_scenario_destroy(&s);
    uselocale(old);
    freelocale(de);
}

/* ---- conversion ------------------------------------------------------------ */

static const char *const data_files[] = {
    "bdm/ec_auto_emissions_1994.csv", "bdm/ec_auto_emissions_1994_salience100.csv",
    "bdm/greece_debt_2015.csv",       "bdm/honduras_nicaragua_crisis.csv",
    "bdm/iran_election_2013.csv",     "bdm/july_crisis_1914.csv",
    "bdm/saudi_oil_price_1997.csv",   "bdm/saudi_oil_price_1997_variant.csv",
    "decide/sample_data.txt",         "decide/copenhagen.csv",
    "decide/copenhagen_labelled.csv", "decide/cop21.csv",
    "decide/cop21_labelled.csv",      "decide/cop21_2016.csv",
    "ktab/dummyData_3Dim.csv",        "ktab/dummyData_3Dim-no-final-comma.csv",
    "ktab/dummyData_6Dim.csv",        "ktab/SOE-Pol-Comp.csv",
    "ktab/dummyData-a040.csv",        "ktab/dummyData-a080.csv",
    "ktab/dummyData-a160.csv",        "ktab/dummyData_3Dim.xml",
};

static const char *norm(const char *desc, const char *name) {
    if (!desc || !desc[0] || (name && strcmp(desc, name) == 0))
        return NULL;
    return desc;
}

static void same_text(const char *what, const char *a, const char *b) {
    if (!a && !b)
        return;
    if (!a || !b || strcmp(a, b) != 0)
        fail_msg("%s: \"%s\" vs \"%s\"", what, a ? a : "(null)", b ? b : "(null)");
}

/* x read from a data file, y read back from its conversion to format f
 * (written without losses): every value must be identical. */
static void compare_values(const parley_scenario *x, const parley_scenario *y, parley_format f) {
    if (f != PARLEY_FORMAT_TABLE)
        same_text("name", x->name, y->name);
    same_text("description", x->description, y->description);
    assert_int_equal(x->n_actors, y->n_actors);
    assert_int_equal(x->n_issues, y->n_issues);
    for (size_t a = 0; a < x->n_actors; ++a) {
        same_text("actor", x->actors[a].name, y->actors[a].name);
        same_text("actor description", norm(x->actors[a].description, x->actors[a].name),
                  norm(y->actors[a].description, y->actors[a].name));
    }
    for (size_t i = 0; i < x->n_issues; ++i) {
        const parley_issue *p = &x->issues[i], *q = &y->issues[i];
        if (!(x->n_issues == 1 && f == PARLEY_FORMAT_TABLE && strcmp(p->name, x->name) == 0))
            same_text("issue", p->name, q->name);
        same_text("issue description", norm(p->description, p->name),
                  norm(q->description, q->name));
        if (p->bounds_given && !(p->lo == q->lo && p->hi == q->hi))
            fail_msg("bounds of %s differ", p->name);
        assert_int_equal(p->n_labels, q->n_labels);
        for (size_t k = 0; k < p->n_labels; ++k) {
            assert_true(p->labels[k].point == q->labels[k].point);
            assert_string_equal(p->labels[k].label, q->labels[k].label);
        }
    }
    for (size_t k = 0; k < x->n_actors * x->n_issues; ++k) {
        const parley_cell *c = &x->cells[k], *d = &y->cells[k];
        assert_int_equal(c->present, d->present);
        if (c->present && (c->position != d->position || c->salience != d->salience ||
                           c->capability != d->capability))
            fail_msg("cell %zu: %.17g/%.17g/%.17g became %.17g/%.17g/%.17g", k, c->position,
                     c->salience, c->capability, d->position, d->salience, d->capability);
    }
}

/* Which conversions hold everything, checked by eye against
 * docs/formats.md: J = JSON, T = table, D = Decide, K = KTAB CSV, X = KTAB
 * XML; upper case = lossless, lower case = refused without --lossy. */
/* Tables hold bounds, labels and issue descriptions in "# issue:" lines
 * since issue 14 (item 2), so Decide and KTAB files convert to tables
 * without losses. */
static const char *const expected_matrix[] = {
    "JTDKX", /* ec_auto_emissions_1994 */
    "JTDKX", /* ec_auto_emissions_1994_salience100 */
    "JTDKX", /* greece_debt_2015: capabilities 10-100 */
    "JTDKX", /* honduras_nicaragua_crisis */
    "JTDKX", /* iran_election_2013 */
    "JTdKX", /* july_crisis_1914: capabilities up to 206, above Decide's 100 */
    "JTDKX", /* saudi_oil_price_1997 */
    "JTDKX", /* saudi_oil_price_1997_variant */
    "JTDkx", /* sample_data: bounds 0.5-7 and 0-100 are not the positions' range; saliences sum
                above 100 */
    "JTDkx", /* copenhagen */
    "JTDkx", /* copenhagen_labelled */
    "JTDkx", /* cop21: labels? no (no meanings), but bounds and salience sums */
    "JTDkx", /* cop21_labelled: labels too */
    "JTDkx", /* cop21_2016 */
    "JTdKX", /* dummyData_3Dim: bounds 0-100 in a table; capability 129.6 above Decide's 100 */
    "JTdKX", /* dummyData_3Dim-no-final-comma */
    "JTDKX", /* dummyData_6Dim: capabilities below 100 */
    "JTDKX", /* SOE-Pol-Comp: capabilities up to 100.0 */
    "JTDKX", /* dummyData-a040 */
    "JTDKX", /* dummyData-a080 */
    "JTDKX", /* dummyData-a160 */
    "JTdKX", /* dummyData_3Dim.xml */
};

static void test_round_trips(void **state) {
    (void)state;
    static const parley_format formats[] = {PARLEY_FORMAT_JSON, PARLEY_FORMAT_TABLE,
                                            PARLEY_FORMAT_DECIDE, PARLEY_FORMAT_KTAB_CSV,
                                            PARLEY_FORMAT_KTAB_XML};
    static const char letters[] = "JTDKX";
    assert_int_equal(sizeof expected_matrix / sizeof expected_matrix[0],
                     sizeof data_files / sizeof data_files[0]);
    int failures = 0;
    for (size_t k = 0; k < sizeof data_files / sizeof data_files[0]; ++k) {
        parley_scenario x;
        char *diags;
        if (load_text(&x, data_files[k], &diags) != PARLEY_OK)
            fail_msg("%s: %s", data_files[k], diags);
        free(diags);
        char got[6] = {0};
        for (size_t f = 0; f < 5; ++f) {
            for (int lossy = 0; lossy < 2; ++lossy) {
                parley_buf b;
                parley_buf_init(&b);
                parley_write_options wo;
                parley_write_options_init(&wo);
                wo.lossy = lossy;
                parley_diags d;
                parley_diags_init(&d);
                parley_status st = parley_scenario_write(&x, formats[f], &wo, &b, &d);
                if (!lossy) {
                    got[f] = st == PARLEY_OK ? letters[f] : (char)(letters[f] + 'a' - 'A');
                    if (st != PARLEY_OK)
                        assert_int_equal(st, PARLEY_EDATA);
                    if (st != PARLEY_OK)
                        assert_null(b.data); /* nothing written */
                }
                if (st == PARLEY_OK) {
                    parley_scenario y;
                    char *rd;
                    char name[64];
                    snprintf(name, sizeof name, "out.%s",
                             formats[f] == PARLEY_FORMAT_JSON ? "json" : "csv");
                    parley_status rs = parse_text(&y, formats[f], b.data, name, NULL, &rd);
                    if (rs != PARLEY_OK)
                        fail_msg("%s -> %s%s: cannot read back:\n%s\n%s", data_files[k],
                                 parley_format_name(formats[f]), lossy ? " (lossy)" : "", rd,
                                 b.data);
                    if (!lossy)
                        compare_values(&x, &y, formats[f]);
                    free(rd);
                    parley_scenario_destroy(&y);
                }
                parley_diags_destroy(&d);
                parley_buf_destroy(&b);
                if (st == PARLEY_OK)
                    break; /* lossy = lossless here */
            }
        }
        if (strcmp(got, expected_matrix[k]) != 0) {
            print_error("%s: conversions %s, expected %s\n", data_files[k], got,
                        expected_matrix[k]);
            failures++;
        }
        parley_scenario_destroy(&x);
    }
    assert_int_equal(failures, 0);
}

/* What the writer reports, and the lossy fallbacks for KTAB. */
static void test_losses(void **state) {
    (void)state;
    parley_scenario s;
    char *diags;
    const char *text = "#A;a\n#A;b\n#P;x;About x\n#M;x;0;none\n#M;x;10;all\n#P;y\n"
                       "#D;a;x;5;0.8;1\n#D;a;y;50;0.6;2\n#D;b;x;10;0.5;1\n";
    assert_int_equal(parse_text(&s, PARLEY_FORMAT_DECIDE, text, "l.txt", NULL, &diags), PARLEY_OK);
    free(diags);
    parley_buf b;
    parley_buf_init(&b);
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(parley_scenario_write(&s, PARLEY_FORMAT_KTAB_CSV, NULL, &b, &d), PARLEY_EDATA);
    char line[1024];
    parley_buf msgs;
    parley_buf_init(&msgs);
    for (size_t k = 0; k < d.count; ++k)
        parley_buf_printf(&msgs, "%s\n", parley_diag_format(&d.items[k], line, sizeof line));
    assert_string_equal(
        msgs.data,
        "$.issues[0].scale.labels: ktab format cannot hold scale labels; 2 labels of issue \"x\" "
        "dropped (use --lossy to accept)\n"
        "$.issues[0].description: ktab format cannot hold issue descriptions; that of \"x\" is "
        "dropped (use --lossy to accept)\n"
        "$.issues[0].scale: ktab format holds positions on 0-100 only: those of issue \"x\" on [0, "
        "10] are mapped linearly onto 0-100 (use --lossy to accept)\n"
        "$.actors[0].capability: ktab format holds one capability per actor: actor \"a\" gets the "
        "mean of its per-issue capabilities (use --lossy to accept)\n"
        "$.actors[0].values: ktab format needs an actor's saliences to sum to at most 100: those "
        "of \"a\" (sum 140) are scaled down to sum to 100 (use --lossy to accept)\n"
        "$.actors[1].values: ktab format needs every actor on every issue: actor \"b\" gets "
        "salience 0 (position mid-scale) where it takes no part (use --lossy to accept)\n"
        "$.actors: note: KTAB itself needs at least 3 actors\n");
    parley_buf_destroy(&msgs);
    parley_diags_destroy(&d);
    parley_write_options wo = {1};
    assert_int_equal(parley_scenario_write(&s, PARLEY_FORMAT_KTAB_CSV, &wo, &b, NULL), PARLEY_OK);
    /* a: capability mean(1, 2) = 1.5; x 5 on [0, 10] -> 50; saliences 0.8, 0.6
     * scaled to sum 100 -> 57.142857..., 42.857142...; b: absent on y -> 50, 0 */
    parley_scenario y;
    assert_int_equal(parse_text(&y, PARLEY_FORMAT_KTAB_CSV, b.data, "k.csv", NULL, &diags),
                     PARLEY_OK);
    assert_true(cell(&y, "a", "x")->capability == 1.5);
    assert_true(cell(&y, "a", "x")->position == 50);
    assert_close(cell(&y, "a", "x")->salience, 0.8 / 1.4, 1e-15);
    assert_close(cell(&y, "a", "y")->salience, 0.6 / 1.4, 1e-15);
    assert_true(cell(&y, "b", "x")->position == 100);
    assert_true(cell(&y, "b", "y")->position == 50 && cell(&y, "b", "y")->salience == 0);
    free(diags);
    parley_scenario_destroy(&y);
    parley_buf_destroy(&b);
    parley_scenario_destroy(&s);
}

/* parley's KTAB XML validates against KTAB's own schema. */
static void test_xml_schema(void **state) {
    (void)state;
    parley_scenario s;
    char *diags;
    assert_int_equal(load_text(&s, "ktab/dummyData_3Dim.csv", &diags), PARLEY_OK);
    free(diags);
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_scenario_write(&s, PARLEY_FORMAT_KTAB_XML, NULL, &b, NULL), PARLEY_OK);
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(test_data("ktab/smpSchema.xsd"));
    assert_non_null(pc);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    assert_non_null(schema);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    xmlDocPtr doc = xmlReadMemory(b.data, (int)b.len, "out.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    assert_int_equal(xmlSchemaValidateDoc(vc, doc), 0);
    xmlFreeDoc(doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    parley_buf_destroy(&b);
    parley_scenario_destroy(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decide_files),
        cmocka_unit_test(test_decide_same_numbers),
        cmocka_unit_test(test_decide_planted_errors),
        cmocka_unit_test(test_decide_syntax),
        cmocka_unit_test(test_decide_matches_json_fixtures),
        cmocka_unit_test(test_ktab_csv_files),
        cmocka_unit_test(test_ktab_matches_second_reader),
        cmocka_unit_test(test_ktab_xml_files),
        cmocka_unit_test(test_multi_issue_table),
        cmocka_unit_test(test_characters),
        cmocka_unit_test(test_locale),
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_losses),
        cmocka_unit_test(test_xml_schema),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
