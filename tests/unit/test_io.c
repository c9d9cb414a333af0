/* Readers, writer and scenario basics: the shipped BDM tables, JSON and
 * CSV -> JSON round trips, options, line endings, atomic writes. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const bdm_files[] = {
    "bdm/ec_auto_emissions_1994.csv", "bdm/ec_auto_emissions_1994_salience100.csv",
    "bdm/greece_debt_2015.csv",       "bdm/honduras_nicaragua_crisis.csv",
    "bdm/iran_election_2013.csv",     "bdm/july_crisis_1914.csv",
    "bdm/saudi_oil_price_1997.csv",   "bdm/saudi_oil_price_1997_variant.csv",
};
static const size_t bdm_actors[] = {10, 10, 11, 5, 8, 10, 17, 17};

static void assert_same_string(const char *a, const char *b) {
    if (!a || !b)
        assert_true(a == b);
    else
        assert_string_equal(a, b);
}

/* Exact equality of two scenarios; the provenance flags (bounds_given,
 * salience_scale_inferred) only when check_flags. */
static void assert_same_scenario(const parley_scenario *x, const parley_scenario *y,
                                 int check_flags) {
    assert_same_string(x->name, y->name);
    assert_same_string(x->description, y->description);
    assert_same_string(x->source, y->source);
    assert_int_equal(x->n_actors, y->n_actors);
    assert_int_equal(x->n_issues, y->n_issues);
    assert_int_equal(x->salience_scale, y->salience_scale);
    if (check_flags)
        assert_int_equal(x->salience_scale_inferred, y->salience_scale_inferred);
    for (size_t a = 0; a < x->n_actors; ++a) {
        assert_same_string(x->actors[a].name, y->actors[a].name);
        assert_same_string(x->actors[a].description, y->actors[a].description);
    }
    for (size_t i = 0; i < x->n_issues; ++i) {
        const parley_issue *p = &x->issues[i], *q = &y->issues[i];
        assert_same_string(p->name, q->name);
        assert_same_string(p->description, q->description);
        assert_true(p->lo == q->lo && p->hi == q->hi);
        if (check_flags)
            assert_int_equal(p->bounds_given, q->bounds_given);
        assert_int_equal(p->n_labels, q->n_labels);
        for (size_t k = 0; k < p->n_labels; ++k) {
            assert_true(p->labels[k].point == q->labels[k].point);
            assert_string_equal(p->labels[k].label, q->labels[k].label);
        }
        assert_int_equal(p->has_status_quo, q->has_status_quo);
        if (p->has_status_quo)
            assert_true(p->status_quo == q->status_quo);
        assert_same_string(p->status_quo_note, q->status_quo_note);
    }
    for (size_t k = 0; k < x->n_actors * x->n_issues; ++k) {
        const parley_cell *c = &x->cells[k], *d = &y->cells[k];
        assert_int_equal(c->present, d->present);
        if (!c->present)
            continue;
        if (c->position != d->position || c->salience != d->salience ||
            c->capability != d->capability)
            fail_msg("cell %zu differs: %.17g/%.17g/%.17g vs %.17g/%.17g/%.17g", k, c->position,
                     c->salience, c->capability, d->position, d->salience, d->capability);
        assert_same_string(c->position_note, d->position_note);
        assert_same_string(c->salience_note, d->salience_note);
        assert_same_string(c->capability_note, d->capability_note);
    }
}

static void print_diags(const parley_diags *d) {
    char line[1024];
    for (size_t k = 0; k < d->count; ++k)
        print_error("%s\n", parley_diag_format(&d->items[k], line, sizeof line));
}

/* Parses text or fails the test. */
static void parse_ok(parley_scenario *s, parley_format fmt, const char *text, const char *file,
                     const parley_read_options *opts) {
    parley_diags d;
    parley_diags_init(&d);
    parley_status st = parley_scenario_parse(s, fmt, text, strlen(text), file, opts, &d);
    if (st != PARLEY_OK) {
        print_diags(&d);
        parley_diags_destroy(&d);
        fail_msg("parse of %s failed: %s", file, parley_strstatus(st));
    }
    parley_diags_destroy(&d);
}

static char *to_json(const parley_scenario *s) {
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_scenario_write_json(s, &b), PARLEY_OK);
    return b.data;
}

static void test_bdm_tables(void **state) {
    (void)state;
    for (size_t k = 0; k < sizeof bdm_files / sizeof bdm_files[0]; ++k) {
        parley_scenario s;
        load_scenario(&s, bdm_files[k]);
        assert_int_equal(s.n_actors, bdm_actors[k]);
        assert_int_equal(s.n_issues, 1);
        assert_string_equal(s.issues[0].name, s.name); /* named after the file */
        assert_int_equal(s.issues[0].bounds_given, 0);
        assert_int_equal(s.salience_scale_inferred, 1);
        for (size_t a = 0; a < s.n_actors; ++a)
            assert_true(s.cells[a].present);
        parley_scenario_destroy(&s);
    }
}

static void test_bdm_values(void **state) {
    (void)state;
    parley_scenario s;
    load_scenario(&s, "bdm/ec_auto_emissions_1994.csv");
    assert_string_equal(s.name, "ec_auto_emissions_1994");
    assert_int_equal(s.salience_scale, PARLEY_SALIENCE_UNIT);
    assert_string_equal(s.actors[0].name, "Netherlands");
    assert_true(s.cells[0].capability == 0.08 && s.cells[0].position == 4 &&
                s.cells[0].salience == 0.8);
    assert_string_equal(s.actors[8].name, "Denmark");
    assert_true(s.cells[8].salience == 1.0);
    assert_true(s.issues[0].lo == 4 && s.issues[0].hi == 10);
    parley_scenario_destroy(&s);

    load_scenario(&s, "bdm/honduras_nicaragua_crisis.csv");
    assert_string_equal(s.actors[2].name, "Costa Rica");
    assert_string_equal(s.actors[4].name, "Dominican Republic");
    assert_true(s.cells[2].capability == 0.0001189 && s.cells[2].position == 0.5 &&
                s.cells[2].salience == 0.3);
    assert_true(s.issues[0].lo == 0 && s.issues[0].hi == 1);
    parley_scenario_destroy(&s);

    load_scenario(&s, "bdm/saudi_oil_price_1997.csv");
    assert_string_equal(s.actors[8].name, "RELIGIOUS LEADERS");
    assert_string_equal(s.actors[16].name, "EUR/JPN");
    assert_true(s.cells[13].capability == 1.05);
    assert_true(s.cells[5].position == 14.0 && s.cells[5].salience == 0.85);
    assert_true(s.issues[0].lo == 12.85 && s.issues[0].hi == 14.25);
    parley_scenario_destroy(&s);

    load_scenario(&s, "bdm/saudi_oil_price_1997_variant.csv");
    assert_string_equal(s.actors[5].name, "MIL");
    assert_true(s.cells[5].position == 14.1 && s.cells[5].salience == 0.75);
    parley_scenario_destroy(&s);

    load_scenario(&s, "bdm/greece_debt_2015.csv");
    assert_int_equal(s.salience_scale, PARLEY_SALIENCE_PERCENT);
    assert_string_equal(s.actors[4].name, "Germany");
    assert_true(s.cells[4].salience == 0.8 && s.cells[4].capability == 100);
    parley_scenario_destroy(&s);

    load_scenario(&s, "bdm/july_crisis_1914.csv");
    assert_string_equal(s.actors[5].name, "ENG");
    assert_true(s.cells[5].salience == 0.6 && s.cells[5].capability == 138 &&
                s.cells[5].position == 0.35);
    parley_scenario_destroy(&s);

    load_scenario(&s, "bdm/iran_election_2013.csv");
    assert_string_equal(s.actors[6].name, "RUH");
    assert_true(s.cells[6].position == 8 && s.cells[6].salience == 1);
    parley_scenario_destroy(&s);
}

static void test_salience_inference(void **state) {
    (void)state;
    parley_scenario unit, percent;
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(parley_scenario_load(&unit, test_data("bdm/ec_auto_emissions_1994.csv"),
                                          PARLEY_FORMAT_UNKNOWN, NULL, &d),
                     PARLEY_OK);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.items[0].severity, PARLEY_SEV_NOTE);
    assert_string_equal(d.items[0].error.message,
                        "salience scale inferred as 0-1 (every salience is within [0, 1])");
    parley_diags_destroy(&d);
    parley_diags_init(&d);
    assert_int_equal(parley_scenario_load(&percent,
                                          test_data("bdm/ec_auto_emissions_1994_salience100.csv"),
                                          PARLEY_FORMAT_TABLE, NULL, &d),
                     PARLEY_OK);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.items[0].severity, PARLEY_SEV_NOTE);
    assert_string_equal(d.items[0].error.message,
                        "salience scale inferred as 0-100 (\"80\" on line 2 is above 1)");
    parley_diags_destroy(&d);
    assert_int_equal(percent.salience_scale, PARLEY_SALIENCE_PERCENT);
    /* After scaling the two files are the same, exactly. */
    for (size_t a = 0; a < unit.n_actors; ++a) {
        assert_true(unit.cells[a].salience == percent.cells[a].salience);
        assert_true(unit.cells[a].position == percent.cells[a].position);
        assert_true(unit.cells[a].capability == percent.cells[a].capability);
    }
    parley_scenario_destroy(&unit);
    parley_scenario_destroy(&percent);
}

static void test_table_options(void **state) {
    (void)state;
    parley_read_options o;
    parley_read_options_init(&o);
    o.salience_scale = 100;
    o.issue_name = "emissions";
    o.bounds_given = 1;
    o.lo = 0;
    o.hi = 12;
    parley_scenario s;
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(parley_scenario_load(&s, test_data("bdm/ec_auto_emissions_1994.csv"),
                                          PARLEY_FORMAT_UNKNOWN, &o, &d),
                     PARLEY_OK);
    assert_int_equal(d.count, 0); /* nothing inferred */
    assert_string_equal(s.issues[0].name, "emissions");
    assert_true(s.issues[0].lo == 0 && s.issues[0].hi == 12 && s.issues[0].bounds_given == 1);
    assert_true(s.cells[0].salience == 0.008);
    assert_int_equal(s.salience_scale_inferred, 0);
    parley_scenario_destroy(&s);
    /* Forcing 0-1 makes a 0-100 file an error; bounds that exclude a position too. */
    o.salience_scale = 1;
    o.hi = 9;
    assert_int_equal(parley_scenario_load(&s,
                                          test_data("bdm/ec_auto_emissions_1994_salience100.csv"),
                                          PARLEY_FORMAT_UNKNOWN, &o, &d),
                     PARLEY_EDATA);
    assert_int_equal(d.n_errors, 13); /* 10 saliences, 3 positions of 10 */
    char line[512];
    assert_string_equal(
        parley_diag_format(&d.items[0], line, sizeof line),
        test_data("bdm/ec_auto_emissions_1994_salience100.csv:2:20: expected a Salience in [0, 1] "
                  "(the requested salience scale), found \"80\""));
    parley_diags_destroy(&d);
    o.salience_scale = 7;
    parley_diags_init(&d);
    assert_int_equal(parley_scenario_parse(&s, PARLEY_FORMAT_TABLE, "a", 1, NULL, &o, &d),
                     PARLEY_EINVAL);
    parley_diags_destroy(&d);
}

static void test_table_syntax(void **state) {
    (void)state;
    const char *lf =
        "Stakeholder,Clout,Position,Salience\n\"Costa Rica, \"\"CR\"\"\",1,2,0.5\nB,2,4,1\n";
    const char *crlf =
        "Stakeholder,Clout,Position,Salience\r\n\"Costa Rica, \"\"CR\"\"\",1,2,0.5\r\nB,2,4,1";
    const char *cr = "\xef\xbb\xbfSTAKEHOLDER , clout,POSITION,salience\r\"Costa Rica, "
                     "\"\"CR\"\"\",1,2,0.5\rB,2,4,1\r\r";
    const char *reordered =
        "Salience,Name,Position,Power\n0.5,\"Costa Rica, \"\"CR\"\"\",2,1\n1,B,4,2\n\n";
    parley_scenario a, b;
    parse_ok(&a, PARLEY_FORMAT_TABLE, lf, "t.csv", NULL);
    assert_string_equal(a.actors[0].name, "Costa Rica, \"CR\"");
    assert_true(a.cells[1].capability == 2 && a.cells[1].position == 4 && a.cells[1].salience == 1);
    const char *others[] = {crlf, cr, reordered};
    for (size_t k = 0; k < 3; ++k) {
        parse_ok(&b, PARLEY_FORMAT_TABLE, others[k], "t.csv", NULL);
        assert_same_scenario(&a, &b, 1);
        parley_scenario_destroy(&b);
    }
    parley_scenario_destroy(&a);
    /* All actors agree: the inferred scale is a single point, which is allowed. */
    parse_ok(&a, PARLEY_FORMAT_TABLE, "Actor,Capability,Position,Salience\nA,1,3,0.5\nB,1,3,0.5\n",
             NULL, NULL);
    assert_true(a.issues[0].lo == 3 && a.issues[0].hi == 3);
    assert_string_equal(a.name, "table");
    parley_scenario_destroy(&a);
}

static const char *const rich_json =
    "{\n"
    "  \"parley\": 1,\n"
    "  \"_comment\": \"ignored\",\n"
    "  \"name\": \"Toy case\",\n"
    "  \"description\": \"What \\\"it\\\" is about.\\nTwo lines, a tab\\t, unicode \\u00e9 "
    "\\u2013.\",\n"
    "  \"source\": \"Interview\",\n"
    "  \"salience_scale\": 100,\n"
    "  \"issues\": [\n"
    "    { \"name\": \"tax\", \"description\": \"Top rate\",\n"
    "      \"scale\": { \"min\": 0, \"max\": 100, \"labels\": [ { \"at\": 0, \"label\": \"no "
    "change\" }, { \"at\": 100, \"label\": \"double\" } ] },\n"
    "      \"status_quo\": { \"value\": 12.5, \"note\": \"current law\" } },\n"
    "    { \"name\": \"the road\", \"scale\": { \"min\": -1.5e-3, \"max\": 2.385 } },\n"
    "    { \"name\": \"z\" }\n"
    "  ],\n"
    "  \"actors\": [\n"
    "    { \"name\": \"gov\", \"description\": \"Government\", \"capability\": { \"value\": 60, "
    "\"note\": \"seat share\" },\n"
    "      \"values\": { \"tax\": { \"position\": { \"value\": 80, \"note\": \"p. 4\" }, "
    "\"salience\": { \"value\": 90, \"note\": \"flagship\" } },\n"
    "                  \"the road\": { \"position\": 0.30000000000000004, \"salience\": 33.3, "
    "\"capability\": 0.1 } } },\n"
    "    { \"name\": \"opp\", \"capability\": 40,\n"
    "      \"values\": { \"tax\": { \"position\": 10, \"salience\": 60 }, \"z\": { \"position\": "
    "99.99, \"salience\": 0.7 } } },\n"
    "    { \"name\": \"third\", \"values\": { \"z\": { \"position\": 1e-7, \"salience\": 100, "
    "\"capability\": { \"value\": 2.385, \"note\": \"guess\" } },\n"
    "      \"the road\": { \"position\": 1, \"salience\": 14.000000000000002, \"capability\": 3 } "
    "} }\n"
    "  ]\n"
    "}\n";

static void test_json_round_trip(void **state) {
    (void)state;
    parley_scenario a, b, c;
    parse_ok(&a, PARLEY_FORMAT_JSON, rich_json, "rich.json", NULL);
    assert_int_equal(a.salience_scale, PARLEY_SALIENCE_PERCENT);
    assert_true(a.cells[0].salience == 0.9);
    assert_string_equal(a.cells[0].capability_note, "seat share");
    assert_true(a.cells[1].capability == 0.1 && a.cells[1].capability_note == NULL);
    assert_true(a.issues[2].bounds_given == 1 && a.issues[2].lo == 0 && a.issues[2].hi == 100);
    assert_false(parley_scenario_cell(&a, 1, 1)->present);
    char *text = to_json(&a);
    parse_ok(&b, PARLEY_FORMAT_JSON, text, "written.json", NULL);
    assert_same_scenario(&a, &b, 1);
    char *again = to_json(&b);
    assert_string_equal(text, again); /* deterministic, and a fixed point */
    /* The copy is deep and equal. */
    assert_int_equal(parley_scenario_copy(&c, &b), PARLEY_OK);
    assert_same_scenario(&a, &c, 1);
    parley_scenario_destroy(&c);
    /* Readable numbers: shortest forms, saliences back on 0-100. */
    assert_non_null(strstr(text, "\"salience\": 33.3,"));
    /* 14.000000000000002 / 100 == 14 / 100: the shorter number is written. */
    assert_non_null(strstr(text, "\"salience\": 14,"));
    assert_non_null(strstr(text, "\"position\": 0.30000000000000004,"));
    assert_non_null(strstr(text, "\"capability\": { \"value\": 60, \"note\": \"seat share\" }"));
    free(text);
    free(again);
    parley_scenario_destroy(&a);
    parley_scenario_destroy(&b);
}

static void test_table_to_json(void **state) {
    (void)state;
    for (size_t k = 0; k < sizeof bdm_files / sizeof bdm_files[0]; ++k) {
        parley_scenario a, b;
        load_scenario(&a, bdm_files[k]);
        char *text = to_json(&a);
        parse_ok(&b, PARLEY_FORMAT_JSON, text, bdm_files[k], NULL);
        /* bounds_given and salience_scale_inferred record provenance: JSON states both. */
        assert_same_scenario(&a, &b, 0);
        assert_int_equal(b.issues[0].bounds_given, 1);
        free(text);
        parley_scenario_destroy(&a);
        parley_scenario_destroy(&b);
    }
}

static void test_default_scenario(void **state) {
    (void)state;
    size_t size;
    const char *text = parley_default_scenario_json(&size);
    parley_scenario s;
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(parley_scenario_parse(&s, PARLEY_FORMAT_JSON, text, size, "default", NULL, &d),
                     PARLEY_OK);
    assert_int_equal(d.n_errors, 0);
    assert_true(s.n_actors >= 2);
    parley_scenario_destroy(&s);
    parley_diags_destroy(&d);
}

static void test_files(void **state) {
    (void)state;
    char dir[] = "/tmp/parley-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], bad[256];
    snprintf(path, sizeof path, "%s/scenario.dat", dir);
    parley_error err;
    const char *json = "  \n{\"parley\": 1, \"name\": \"n\", \"salience_scale\": 1, \"issues\": "
                       "[{\"name\": \"x\"}],"
                       " \"actors\": [{\"name\": \"a\", \"capability\": 1, \"values\": {\"x\": "
                       "{\"position\": 5, \"salience\": 1}}}]}";
    assert_int_equal(parley_write_file_atomic(path, json, strlen(json), &err), PARLEY_OK);
    char *data;
    size_t size;
    assert_int_equal(parley_read_file(path, &data, &size, &err), PARLEY_OK);
    assert_int_equal(size, strlen(json));
    assert_string_equal(data, json);
    free(data);
    /* No extension: the content decides. */
    parley_scenario s;
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(parley_scenario_load(&s, path, PARLEY_FORMAT_UNKNOWN, NULL, &d), PARLEY_OK);
    assert_int_equal(d.n_errors, 0);
    assert_int_equal(d.count, 1); /* warning: a single actor */
    assert_int_equal(d.items[0].severity, PARLEY_SEV_WARNING);
    parley_scenario_destroy(&s);
    parley_diags_destroy(&d);
    /* Overwrite, then fail in a missing directory without leaving anything behind. */
    assert_int_equal(parley_write_file_atomic(path, "x", 1, &err), PARLEY_OK);
    snprintf(bad, sizeof bad, "%s/missing/out.json", dir);
    assert_int_equal(parley_write_file_atomic(bad, "x", 1, &err), PARLEY_EIO);
    assert_string_equal(err.file, bad);
    assert_int_equal(parley_read_file(bad, &data, &size, &err), PARLEY_EIO);
    assert_null(data);
    assert_int_equal(unlink(path), 0);
    /* a name of 250 bytes (NAME_MAX is 255): its temporary name must fit too */
    char longname[300];
    int at = snprintf(longname, sizeof longname, "%s/", dir);
    memset(longname + at, 'n', 245);
    memcpy(longname + at + 245, ".json", 6);
    assert_int_equal(parley_write_file_atomic(longname, "x", 1, &err), PARLEY_OK);
    assert_int_equal(unlink(longname), 0);
    assert_int_equal(rmdir(dir), 0); /* fails if a temporary file was left */
}

static void test_formats(void **state) {
    (void)state;
    assert_int_equal(parley_format_from_name("a/b.JSON"), PARLEY_FORMAT_JSON);
    assert_int_equal(parley_format_from_name("x.csv"), PARLEY_FORMAT_TABLE);
    assert_int_equal(parley_format_from_name("x.txt"), PARLEY_FORMAT_UNKNOWN);
    assert_int_equal(parley_format_from_name("dir.json/x"), PARLEY_FORMAT_UNKNOWN);
    assert_int_equal(parley_format_from_string("table"), PARLEY_FORMAT_TABLE);
    assert_int_equal(parley_format_from_string("CSV"), PARLEY_FORMAT_TABLE);
    assert_int_equal(parley_format_from_string("json"), PARLEY_FORMAT_JSON);
    assert_int_equal(parley_format_from_string("xml"), PARLEY_FORMAT_KTAB_XML);
    assert_int_equal(parley_format_from_string("decide"), PARLEY_FORMAT_DECIDE);
    assert_int_equal(parley_format_from_string("KTAB"), PARLEY_FORMAT_KTAB_CSV);
    assert_int_equal(parley_format_from_string("yaml"), PARLEY_FORMAT_UNKNOWN);
}

static void test_errors_and_buffers(void **state) {
    (void)state;
    parley_error e;
    char buf[600];
    parley_error_clear(&e);
    assert_int_equal(parley_error_set(&e, PARLEY_EDATA, "ec.csv", 4, 17, "found \"%s\"", "abc"),
                     PARLEY_EDATA);
    assert_string_equal(parley_error_format(&e, buf, sizeof buf), "ec.csv:4:17: found \"abc\"");
    parley_error_set(&e, PARLEY_EIO, "f", 3, 0, "m");
    assert_string_equal(parley_error_format(&e, buf, sizeof buf), "f:3: m");
    parley_error_set(&e, PARLEY_EIO, NULL, 0, 0, "m");
    assert_string_equal(parley_error_format(&e, buf, sizeof buf), "m");
    /* a prefix keeps the location and sets the status */
    parley_error_set(&e, PARLEY_EDATA, "f", 3, 2, "bad %d", 7);
    assert_int_equal(parley_error_prefix(&e, PARLEY_EINVAL, "sweep '%s'", "eu.q=7"), PARLEY_EINVAL);
    assert_int_equal(e.status, PARLEY_EINVAL);
    assert_string_equal(parley_error_format(&e, buf, sizeof buf), "f:3:2: sweep 'eu.q=7': bad 7");
    assert_int_equal(parley_error_prefix(NULL, PARLEY_EIO, "x"), PARLEY_EIO);
    parley_error_clear(&e);
    assert_string_equal(parley_error_format(&e, buf, sizeof buf), "success");
    assert_string_equal(parley_strstatus(PARLEY_EDATA), "data error");
    parley_diags d;
    parley_diags_init(&d);
    d.max_items = 2;
    parley_diags_add(&d, PARLEY_SEV_WARNING, PARLEY_OK, "s.json", 0, 0, "$.a", "w");
    parley_diags_add(&d, PARLEY_SEV_ERROR, PARLEY_EDATA, "s.json", 5, 6, "$.b", "e%d", 1);
    parley_diags_add(&d, PARLEY_SEV_ERROR, PARLEY_EDATA, "s.json", 0, 0, NULL, "dropped");
    assert_int_equal(d.count, 2);
    assert_int_equal(d.n_errors, 2);
    assert_int_equal(d.dropped, 1);
    assert_string_equal(parley_diag_format(&d.items[0], buf, sizeof buf), "s.json:$.a: warning: w");
    assert_string_equal(parley_diag_format(&d.items[1], buf, sizeof buf), "s.json:$.b: e1");
    assert_int_equal(parley_diags_first_error(&d, &e), PARLEY_EDATA);
    assert_string_equal(e.message, "e1");
    parley_diags_destroy(&d);
    /* Long messages are truncated with "...". */
    char big[2000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    parley_error_set(&e, PARLEY_EDATA, NULL, 0, 0, "%s", big);
    assert_int_equal(strlen(e.message), PARLEY_ERROR_MSG_MAX - 1);
    assert_string_equal(e.message + PARLEY_ERROR_MSG_MAX - 4, "...");

    parley_buf b;
    parley_buf_init(&b);
    for (int k = 0; k < 1000; ++k)
        parley_buf_printf(&b, "%d,", k);
    assert_int_equal(parley_buf_append(&b, "end", 3), PARLEY_OK);
    assert_int_equal(b.len, strlen(b.data));
    assert_memory_equal(b.data, "0,1,2,", 6);
    assert_string_equal(b.data + b.len - 7, "999,end");
    parley_buf_destroy(&b);
}

/* The wording of `parley`'s error lines (after "parley: "): the location
 * as parley_error_format writes it, a fallback file for errors that name
 * none, every severity named, and the note about dropped diagnostics. */
static void test_error_describe(void **state) {
    (void)state;
    parley_buf b;
    parley_buf_init(&b);
    parley_error e;
    parley_error_set(&e, PARLEY_EDATA, "ec.csv", 4, 17, "found \"%s\"", "abc");
    assert_int_equal(parley_error_describe(&e, "other.csv", &b), PARLEY_OK);
    assert_string_equal(b.data, "ec.csv:4:17: found \"abc\"");
    b.len = 0;
    parley_error_set(&e, PARLEY_EIO, NULL, 3, 0, "m");
    assert_int_equal(parley_error_describe(&e, "in.json", &b), PARLEY_OK);
    assert_string_equal(b.data, "in.json:3: m");
    b.len = 0;
    parley_error_set(&e, PARLEY_EIO, NULL, 0, 0, "%s", "");
    assert_int_equal(parley_error_describe(&e, "", &b), PARLEY_OK);
    assert_string_equal(b.data, "input/output error");
    b.len = 0;
    parley_error_set(&e, PARLEY_EDATA, NULL, 0, 0, "bad");
    snprintf(e.path, sizeof e.path, "$.actors[2]");
    assert_int_equal(parley_error_describe(&e, NULL, &b), PARLEY_OK);
    assert_string_equal(b.data, "$.actors[2]: bad");
    b.len = 0;
    assert_int_equal(parley_error_describe(&e, "s.json", &b), PARLEY_OK);
    assert_string_equal(b.data, "s.json:$.actors[2]: bad");
    /* the same text as the fixed-size parley_error_format */
    char line[600];
    b.len = 0;
    parley_error_set(&e, PARLEY_EPARSE, "f.json", 2, 9, "invalid JSON");
    assert_int_equal(parley_error_describe(&e, NULL, &b), PARLEY_OK);
    assert_string_equal(b.data, parley_error_format(&e, line, sizeof line));
    assert_int_equal(parley_error_describe(NULL, NULL, &b), PARLEY_EINVAL);
    assert_int_equal(parley_error_describe(&e, NULL, NULL), PARLEY_EINVAL);

    parley_diags d;
    parley_diags_init(&d);
    d.max_items = 3;
    parley_diags_add(&d, PARLEY_SEV_WARNING, PARLEY_OK, "s.json", 0, 0, "$.a", "w");
    parley_diags_add(&d, PARLEY_SEV_ERROR, PARLEY_EDATA, NULL, 5, 6, NULL, "e%d", 1);
    parley_diags_add(&d, PARLEY_SEV_NOTE, PARLEY_OK, NULL, 0, 0, NULL, "n");
    parley_diags_add(&d, PARLEY_SEV_ERROR, PARLEY_EDATA, NULL, 0, 0, NULL, "dropped");
    parley_diags_add(&d, PARLEY_SEV_ERROR, PARLEY_EDATA, NULL, 0, 0, NULL, "dropped too");
    b.len = 0;
    assert_int_equal(parley_diags_describe(&d, "in.json", "parley: ", &b), PARLEY_OK);
    assert_string_equal(b.data, "parley: s.json:$.a: warning: w\n"
                                "parley: in.json:5:6: error: e1\n"
                                "parley: in.json: note: n\n"
                                "parley: in.json: note: 2 more diagnostics not shown\n");
    b.len = 0;
    assert_int_equal(parley_diags_describe(&d, NULL, NULL, &b), PARLEY_OK);
    assert_string_equal(b.data, "s.json:$.a: warning: w\n"
                                "5:6: error: e1\n"
                                "note: n\n"
                                "note: 2 more diagnostics not shown\n");
    parley_diags_destroy(&d);
    parley_diags_init(&d);
    b.len = 0;
    assert_int_equal(parley_diags_describe(&d, "in.json", "parley: ", &b), PARLEY_OK);
    assert_int_equal(b.len, 0);
    assert_int_equal(parley_diags_describe(NULL, NULL, NULL, &b), PARLEY_EINVAL);
    parley_buf_destroy(&b);
}

static void test_views(void **state) {
    (void)state;
    parley_scenario s;
    parse_ok(&s, PARLEY_FORMAT_JSON, rich_json, "rich.json", NULL);
    parley_issue_view v;
    assert_int_equal(parley_issue_view_init(&v, &s, 2), PARLEY_OK);
    assert_int_equal(v.n, 2);
    assert_int_equal(v.actor[0], 1);
    assert_string_equal(v.names[1], "third");
    assert_true(v.salience[1] == 1.0 && v.capability[1] == 2.385);
    parley_issue_view_destroy(&v);
    assert_int_equal(parley_issue_view_init(&v, &s, 3), PARLEY_EINVAL);
    assert_int_equal(parley_scenario_find_issue(&s, "the road"), 1);
    assert_int_equal(parley_scenario_find_actor(&s, "nobody"), (size_t)-1);
    assert_int_equal(parley_scenario_issue_count(&s, 0), 2);
    double pos[] = {1, 2}, sal[] = {0.5, 1}, cap[] = {3, 4};
    assert_int_equal(parley_issue_view_from_arrays(&v, 2, pos, sal, cap, 0, 10), PARLEY_OK);
    assert_true(v.position[1] == 2 && v.hi == 10 && v.names[0] == NULL);
    parley_issue_view_destroy(&v);
    assert_int_equal(parley_issue_view_from_arrays(&v, 0, pos, sal, cap, 0, 10), PARLEY_EINVAL);
    parley_scenario_destroy(&s);
}

/* The embedded default scenario read like a file: the Six-Party Talks of
 * data/scenarios/six_party_2019.json (six actors, six issues). */
static void test_default_scenario_load(void **state) {
    (void)state;
    assert_string_equal(parley_default_scenario_file(), "(default: six_party_2019.json)");
    parley_scenario s;
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(parley_scenario_load_default(&s, NULL, &d), PARLEY_OK);
    assert_int_equal(d.n_errors, 0);
    assert_int_equal(s.n_actors, 6);
    assert_int_equal(s.n_issues, 6);
    assert_string_equal(s.name,
                        "North Korea and the Six-Party format after the Putin-Kim summit (April "
                        "2019)");
    parley_scenario_destroy(&s);
    parley_diags_destroy(&d);
}

/* parley_scenario_save: the format from the extension, the file as the
 * writer writes the text, losses refused with nothing written. */
static void test_scenario_save(void **state) {
    (void)state;
    char dir[] = "/tmp/parley-save-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/small.json", dir);
    parley_scenario s;
    load_scenario(&s, "cli/small.json");
    parley_error err;
    parley_error_clear(&err);
    parley_diags d;
    parley_diags_init(&d);
    assert_int_equal(parley_scenario_save(&s, path, PARLEY_FORMAT_UNKNOWN, NULL, &d, &err),
                     PARLEY_OK);
    parley_buf want;
    parley_buf_init(&want);
    assert_int_equal(parley_scenario_write_json(&s, &want), PARLEY_OK);
    char *got = NULL;
    size_t n = 0;
    assert_int_equal(parley_read_file(path, &got, &n, &err), PARLEY_OK);
    assert_int_equal(n, want.len);
    assert_memory_equal(got, want.data, n);
    free(got);
    parley_buf_destroy(&want);
    /* Decide holds no status quo (small.json has one): refused, no file */
    snprintf(path, sizeof path, "%s/small.txt", dir);
    assert_int_equal(parley_scenario_save(&s, path, PARLEY_FORMAT_DECIDE, NULL, &d, &err),
                     PARLEY_EDATA);
    assert_true(d.n_errors > 0);
    assert_int_equal(err.status, PARLEY_OK); /* the writer's problem, in diags */
    assert_int_equal(access(path, F_OK), -1);
    snprintf(path, sizeof path, "%s/small.ods", dir);
    assert_int_equal(parley_scenario_save(&s, path, PARLEY_FORMAT_UNKNOWN, NULL, &d, &err),
                     PARLEY_EINVAL);
    assert_string_equal(err.message, "parley reads .ods but does not write it");
    snprintf(path, sizeof path, "%s/small", dir);
    assert_int_equal(parley_scenario_save(&s, path, PARLEY_FORMAT_UNKNOWN, NULL, &d, &err),
                     PARLEY_EINVAL);
    parley_diags_destroy(&d);
    parley_scenario_destroy(&s);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bdm_tables),
        cmocka_unit_test(test_bdm_values),
        cmocka_unit_test(test_salience_inference),
        cmocka_unit_test(test_table_options),
        cmocka_unit_test(test_table_syntax),
        cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_table_to_json),
        cmocka_unit_test(test_default_scenario),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_errors_and_buffers),
        cmocka_unit_test(test_error_describe),
        cmocka_unit_test(test_views),
        cmocka_unit_test(test_default_scenario_load),
        cmocka_unit_test(test_scenario_save),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
