/* The declarative parameter tables (parley_model_type.param_defs): one
 * data-driven pass over every entry of every built-in model.  Independent
 * checks: a valid text is parsed into the number the test computed itself
 * (read back from the typed struct at the entry's offset), an out-of-range
 * text is refused with the message documented in params.h / model.h (built
 * here from the entry's range, not by the library), a hand-filled bad value
 * fails parley_params_check and parley_model_init, and the keys are the 44
 * that `parley --completion-data params` printed before the tables existed. */
#include "testutil.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static void *field_of(const parley_params *p, const parley_param_def *d) {
    return (char *)p->data + d->offset;
}

/* "A, B or C" (or "one of A, B, C") of d's choices, written out here. */
static void choices_text(const parley_param_def *d, char *buf, size_t n) {
    size_t count = 0;
    buf[0] = '\0';
    if (d->flags & PARLEY_PARAM_ONE_OF)
        strncat(buf, "one of ", n - strlen(buf) - 1);
    while (d->choices[count].name)
        ++count;
    for (size_t k = 0; k < count; ++k) {
        if (k)
            strncat(buf, k + 1 == count && !(d->flags & PARLEY_PARAM_ONE_OF) ? " or " : ", ",
                    n - strlen(buf) - 1);
        strncat(buf, d->choices[k].name, n - strlen(buf) - 1);
    }
}

static void expect_refused(parley_params *p, const parley_param_def *d, const char *text,
                           const char *message) {
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_params_set(p, d->key, text, &err), PARLEY_EINVAL);
    if (strcmp(err.message, message) != 0)
        fail_msg("%s.%s=%s: got \"%s\", expected \"%s\"", p->type->name, d->key, text, err.message,
                 message);
}

static void expect_set(parley_params *p, const parley_param_def *d, const char *text) {
    parley_error err;
    parley_error_clear(&err);
    if (parley_params_set(p, d->key, text, &err) != PARLEY_OK)
        fail_msg("%s.%s=%s refused: %s", p->type->name, d->key, text, err.message);
    parley_error_clear(&err);
    if (parley_params_check(p, &err) != PARLEY_OK)
        fail_msg("%s.%s=%s fails the check: %s", p->type->name, d->key, text, err.message);
}

/* A hand-filled bad value fails the check with "MODEL.KEY must ...". */
static void expect_check_fails(const parley_params *p, const parley_param_def *d) {
    char prefix[128];
    snprintf(prefix, sizeof prefix, "%s.%s must be ", p->type->name, d->key);
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_params_check(p, &err), PARLEY_EINVAL);
    if (strncmp(err.message, prefix, strlen(prefix)) != 0)
        fail_msg("check of %s.%s said \"%s\"", p->type->name, d->key, err.message);
}

/* A valid text for each custom entry, and what the test expects to see. */
static const char *custom_value(const char *model, const char *key) {
    static const char *const known[][3] = {{"eu", "preset", "scholz2011"},
                                           {"eu", "stop", "fixed-point,cycle"},
                                           {"nbs", "cost", "2.385"},
                                           {"nbs", "disagreement", "status-quo"}};
    for (size_t k = 0; k < sizeof known / sizeof *known; ++k)
        if (strcmp(known[k][0], model) == 0 && strcmp(known[k][1], key) == 0)
            return known[k][2];
    return NULL;
}

static void check_entry(parley_params *p, const parley_param_def *d) {
    const char *label = d->label ? d->label : d->key;
    char text[64], message[512];
    if (d->flags & PARLEY_PARAM_RUN) { /* set by parley_params_set_run only */
        assert_int_equal(d->kind, PARLEY_PARAM_WHOLE);
        parley_error err;
        parley_error_clear(&err);
        assert_int_equal(parley_params_set(p, d->key, "2", &err), PARLEY_EINVAL);
        assert_non_null(strstr(err.message, "is a run parameter"));
        uint64_t *f = field_of(p, d), keep = *f;
        *f = (uint64_t)d->ihi;
        parley_error_clear(&err);
        assert_int_equal(parley_params_check(p, &err), PARLEY_OK);
        if (d->ihi < ULLONG_MAX) {
            *f = (uint64_t)d->ihi + 1;
            expect_check_fails(p, d);
        }
        *f = keep;
        return;
    }
    switch (d->kind) {
    case PARLEY_PARAM_REAL: {
        double *f = field_of(p, d), keep = *f;
        double hi = isinf(d->hi) ? d->lo + 1000.0 : d->hi;
        double v = d->lo + 0.385 * (hi - d->lo);
        snprintf(text, sizeof text, "%.17g", v);
        expect_set(p, d, text);
        assert_true(*f == v);
        if (!isinf(d->hi)) {
            snprintf(text, sizeof text, "%.17g", d->hi + 1.0);
            snprintf(message, sizeof message, "%s must be a number from %g to %g, not '%s'", label,
                     d->lo, d->hi, text);
            expect_refused(p, d, text, message);
            *f = d->hi * 2.0 + 1.0;
            expect_check_fails(p, d);
        }
        *f = NAN;
        expect_check_fails(p, d);
        *f = keep;
        break;
    }
    case PARLEY_PARAM_WHOLE:
    case PARLEY_PARAM_COUNT: {
        unsigned long long v = d->ilo + 2;
        assert_true(v <= d->ihi);
        snprintf(text, sizeof text, "%llu", v);
        expect_set(p, d, text);
        unsigned long long got = d->kind == PARLEY_PARAM_WHOLE
                                     ? (unsigned long long)*(uint64_t *)field_of(p, d)
                                     : (unsigned long long)*(size_t *)field_of(p, d);
        assert_true(got == v);
        if (d->ihi < ULLONG_MAX)
            snprintf(text, sizeof text, "%llu", d->ihi + 1);
        else
            snprintf(text, sizeof text, "18446744073709551616");
        snprintf(message, sizeof message, "%s must be a whole number from %llu to %llu, not '%s'",
                 label, d->ilo, d->ihi, text);
        expect_refused(p, d, text, message);
        if (d->ilo > 0) {
            snprintf(text, sizeof text, "%llu", d->ilo - 1);
            snprintf(message, sizeof message,
                     "%s must be a whole number from %llu to %llu, not '%s'", label, d->ilo, d->ihi,
                     text);
            expect_refused(p, d, text, message);
            if (d->kind == PARLEY_PARAM_COUNT) {
                *(size_t *)field_of(p, d) = (size_t)(d->ilo - 1);
                expect_check_fails(p, d);
                *(size_t *)field_of(p, d) = (size_t)v;
            }
        }
        if (d->kind == PARLEY_PARAM_COUNT) {
            *(size_t *)field_of(p, d) = (size_t)d->ihi + 1;
            expect_check_fails(p, d);
            *(size_t *)field_of(p, d) = (size_t)v;
        } else if (d->ihi < ULLONG_MAX) {
            *(uint64_t *)field_of(p, d) = (uint64_t)d->ihi + 1;
            expect_check_fails(p, d);
            *(uint64_t *)field_of(p, d) = (uint64_t)v;
        }
        break;
    }
    case PARLEY_PARAM_FLAG: {
        int *f = field_of(p, d);
        expect_set(p, d, "off");
        assert_int_equal(*f, 0);
        expect_set(p, d, "on");
        assert_int_equal(*f, 1);
        snprintf(message, sizeof message, "%s must be on or off, not 'maybe'", label);
        expect_refused(p, d, "maybe", message);
        *f = 2;
        expect_check_fails(p, d);
        *f = 1;
        break;
    }
    case PARLEY_PARAM_CHOICE: {
        int *f = field_of(p, d);
        for (size_t k = 0; d->choices[k].name; ++k) {
            expect_set(p, d, d->choices[k].name);
            assert_int_equal(*f, d->choices[k].value);
        }
        for (size_t k = 0; d->aliases && d->aliases[k].name; ++k) {
            expect_set(p, d, d->aliases[k].name);
            assert_int_equal(*f, d->aliases[k].value);
        }
        char list[256];
        choices_text(d, list, sizeof list);
        snprintf(message, sizeof message, "%s must be %s, not 'no-such-value'", label, list);
        expect_refused(p, d, "no-such-value", message);
        int keep = *f;
        *f = 12345;
        expect_check_fails(p, d);
        *f = keep;
        break;
    }
    case PARLEY_PARAM_CUSTOM: {
        const char *v = custom_value(p->type->name, d->key);
        if (!v)
            fail_msg("no test value for the custom entry %s.%s", p->type->name, d->key);
        assert_non_null(d->parse);
        expect_set(p, d, v);
        parley_error err;
        parley_error_clear(&err);
        assert_int_equal(parley_params_set(p, d->key, "\x01", &err), PARLEY_EINVAL);
        assert_true(err.message[0] != '\0');
        break;
    }
    }
    /* the key's aliases reach the same entry */
    for (size_t k = 0; d->key_aliases && d->key_aliases[k]; ++k) {
        parley_error err;
        parley_error_clear(&err);
        assert_int_equal(parley_params_set(p, d->key_aliases[k], "\x01", &err), PARLEY_EINVAL);
        assert_non_null(strstr(err.message, label));
    }
}

/* Every entry of every model: parsed, refused and checked as documented. */
static void test_every_entry(void **st) {
    (void)st;
    size_t n = 0;
    for (const parley_model_type *const *t = parley_model_types(); *t; ++t) {
        parley_params p;
        assert_int_equal(parley_params_init(&p, *t), PARLEY_OK);
        parley_error err;
        parley_error_clear(&err);
        assert_int_equal(parley_params_check(&p, &err), PARLEY_OK); /* the defaults pass */
        for (const parley_param_def *d = (*t)->param_defs; d && d->key; ++d, ++n) {
            assert_non_null(d->doc);
            for (const parley_param_def *e = (*t)->param_defs; e != d; ++e)
                if (strcmp(e->key, d->key) == 0)
                    fail_msg("%s lists %s twice", (*t)->name, d->key);
            check_entry(&p, d);
            parley_error_clear(&err);
            if (parley_params_check(&p, &err) != PARLEY_OK)
                fail_msg("%s.%s left a bad struct: %s", (*t)->name, d->key, err.message);
        }
        parley_params_destroy(&p);
    }
    assert_int_equal(n, 44);
}

/* The keys completion lists are those it listed before the tables. */
static void test_completion_keys(void **st) {
    (void)st;
    static const char *const expected[] = {"median.tie",
                                           "eu.preset",
                                           "eu.rounds",
                                           "eu.probability",
                                           "eu.risk-in-votes",
                                           "eu.capitulation",
                                           "eu.choice",
                                           "eu.delta",
                                           "eu.q",
                                           "eu.t",
                                           "eu.stop",
                                           "eu.conv-eps",
                                           "eu.conv-rounds",
                                           "eu.tie",
                                           "eu.shock",
                                           "eu.seed",
                                           "eu.stream",
                                           "nbs.weights",
                                           "nbs.utility",
                                           "nbs.disagreement",
                                           "nbs.cost",
                                           "exchange.rounds",
                                           "exchange.seed",
                                           "exchange.p",
                                           "exchange.fixed-weight",
                                           "exchange.salience-weight",
                                           "exchange.tie-tolerance",
                                           "exchange.quirks",
                                           "exchange.ties",
                                           "spatial.victory",
                                           "spatial.pce",
                                           "spatial.transition",
                                           "spatial.voting",
                                           "spatial.big-r-adjust",
                                           "spatial.big-r-range",
                                           "spatial.commit",
                                           "spatial.interp",
                                           "spatial.bargain",
                                           "spatial.compat",
                                           "spatial.max-steps",
                                           "spatial.min-steps",
                                           "spatial.stop-ratio",
                                           "spatial.seed",
                                           "spatial.salience-sum"};
    size_t n = 0;
    for (const parley_model_type *const *t = parley_model_types(); *t; ++t)
        for (const parley_param_def *d = (*t)->param_defs; d && d->key; ++d, ++n) {
            char name[128];
            snprintf(name, sizeof name, "%s.%s", (*t)->name, d->key);
            assert_true(n < sizeof expected / sizeof *expected);
            assert_string_equal(name, expected[n]);
        }
    assert_int_equal(n, sizeof expected / sizeof *expected);
}

/* An embedder fills parley_eu_params by hand: a q of 2.385 is refused with
 * the documented message before the run starts, q = 0.385 runs. */
static void test_hand_filled(void **st) {
    (void)st;
    parley_scenario s;
    parley_issue_view v;
    load_scenario(&s, "bdm/ec_auto_emissions_1994.csv");
    assert_int_equal(parley_issue_view_init(&v, &s, 0), PARLEY_OK);
    parley_params p;
    assert_int_equal(parley_params_init(&p, &parley_model_eu), PARLEY_OK);
    parley_eu_params *eu = p.data;
    eu->q = 2.385;
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_params_check(&p, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "eu.q must be a number from 0 to 1, not 2.385");
    parley_model m;
    parley_error_clear(&err);
    assert_int_equal(parley_model_init(&m, &p, &v, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "eu.q must be a number from 0 to 1, not 2.385");
    assert_null(m.state);
    eu->q = 0.385;
    eu->max_rounds = 0;
    parley_error_clear(&err);
    assert_int_equal(parley_params_check(&p, &err), PARLEY_EINVAL);
    assert_string_equal(err.message,
                        "eu.rounds must be a whole number from 1 to 1000000000, not 0");
    eu->max_rounds = 7;
    eu->stop_cycle = 3;
    parley_error_clear(&err);
    assert_int_equal(parley_params_check(&p, &err), PARLEY_EINVAL);
    eu->stop_cycle = 1;
    parley_error_clear(&err);
    assert_int_equal(parley_params_check(&p, &err), PARLEY_OK);
    /* the preset's name, the seed's range */
    eu->preset = "junk";
    assert_int_equal(parley_params_check(&p, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "eu.preset must be scholz2011, bdm1994 or custom, not 'junk'");
    eu->preset = NULL;
    assert_int_equal(parley_params_check(&p, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "eu.preset must be scholz2011, bdm1994 or custom, not NULL");
    eu->preset = "custom";
    assert_int_equal(parley_params_check(&p, &err), PARLEY_OK);
    eu->seed = UINT64_MAX;
    assert_int_equal(parley_params_check(&p, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "eu.seed must be a whole number from 0 to "
                                     "9223372036854775807, not 18446744073709551615");
    eu->seed = PARLEY_MAX_SEED;
    eu->stream = UINT64_MAX; /* any stream */
    assert_int_equal(parley_params_check(&p, &err), PARLEY_OK);
    parley_outcome out;
    assert_int_equal(parley_model_run(&p, &v, &out, &err), PARLEY_OK);
    assert_true(out.rounds >= 1 && out.rounds <= 7);
    parley_params_destroy(&p);

    /* a scenario-scope model is checked too */
    assert_int_equal(parley_params_init(&p, &parley_model_spatial), PARLEY_OK);
    ((parley_spatial_params *)p.data)->voting = (parley_smp_voting)9;
    parley_error_clear(&err);
    assert_int_equal(parley_model_init_scenario(&m, &p, &s, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "spatial.voting must be the value of one of Binary, PropBin, "
                                     "Prop, PropCbc, Cubic, ASymProsp, not 9");
    /* a rule across fields: min-steps at most max-steps (the default 2 stands with 1) */
    parley_spatial_params *sp = p.data;
    sp->voting = PARLEY_SMP_VOTE_PROP;
    sp->min_steps = 500;
    sp->max_steps = 10;
    parley_error_clear(&err);
    assert_int_equal(parley_params_check(&p, &err), PARLEY_EINVAL);
    assert_string_equal(err.message,
                        "spatial.min-steps (500) must not exceed spatial.max-steps (10)");
    sp->min_steps = 10;
    assert_int_equal(parley_params_check(&p, &err), PARLEY_OK);
    sp->min_steps = 2;
    sp->max_steps = 1;
    assert_int_equal(parley_params_check(&p, &err), PARLEY_OK);
    sp->min_steps = 3;
    assert_int_equal(parley_params_check(&p, &err), PARLEY_EINVAL);
    parley_params_destroy(&p);

    /* the nbs cost: 0 (unset) passes, a negative or infinite one does not */
    assert_int_equal(parley_params_init(&p, &parley_model_nbs), PARLEY_OK);
    ((parley_nbs_params *)p.data)->cost = -1.0;
    parley_error_clear(&err);
    assert_int_equal(parley_params_check(&p, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "nbs.cost must be a finite number >= 0, not -1");
    ((parley_nbs_params *)p.data)->cost = 0.0;
    assert_int_equal(parley_params_check(&p, &err), PARLEY_OK);
    parley_params_destroy(&p);

    parley_issue_view_destroy(&v);
    parley_scenario_destroy(&s);
}

/* The typed setters go through the same table: eu's preset naming, the
 * spatial model's KTAB spellings and its unknown-key message. */
static void test_setters(void **st) {
    (void)st;
    parley_eu_params eu;
    parley_error err;
    assert_int_equal(parley_eu_params_preset(&eu, "bdm1994", NULL), PARLEY_OK);
    assert_int_equal(parley_eu_params_set(&eu, "rounds", "7", &err), PARLEY_OK);
    assert_string_equal(eu.preset, "bdm1994"); /* rounds is no rule */
    assert_int_equal(parley_eu_params_set(&eu, "q", "0.5", &err), PARLEY_OK);
    assert_string_equal(eu.preset, "custom");
    assert_int_equal(parley_eu_params_set(&eu, "q", "1", &err), PARLEY_OK);
    assert_string_equal(eu.preset, "bdm1994"); /* back on the preset's rules */
    assert_int_equal(eu.max_rounds, 7);
    assert_int_equal(parley_eu_params_set(&eu, "Q", "1", &err), PARLEY_EUNSUPPORTED);

    parley_spatial_params sp;
    parley_spatial_params_default(&sp);
    assert_int_equal(parley_spatial_params_set(&sp, "VictoryProbModel", "QUARTIC", &err),
                     PARLEY_OK);
    assert_int_equal(sp.victory, PARLEY_SMP_VICTORY_QUARTIC);
    assert_int_equal(parley_spatial_params_set(&sp, "Max_Steps", "12", &err), PARLEY_OK);
    assert_int_equal(sp.max_steps, 12);
    parley_error_clear(&err);
    assert_int_equal(parley_spatial_params_set(&sp, "nope", "1", &err), PARLEY_EUNSUPPORTED);
    assert_non_null(strstr(err.message, "the spatial model has no parameter 'nope'"));

    parley_exchange_params xp;
    parley_exchange_params_default(&xp);
    assert_int_equal(parley_exchange_params_set(&xp, "seed", "9223372036854775807", &err),
                     PARLEY_OK);
    assert_true(xp.seed == 9223372036854775807ULL);
    assert_int_equal(parley_exchange_params_set(&xp, "seed", "9223372036854775808", &err),
                     PARLEY_EINVAL);
}

/* The seed and the stream are run parameters (parley_params_set_run
 * overwrites them): the text form refuses them with a message naming
 * --seed, the typed setters still set them, completion skips them. */
static void test_run_keys(void **st) {
    (void)st;
    parley_params p[2];
    assert_int_equal(parley_params_init(&p[0], &parley_model_eu), PARLEY_OK);
    assert_int_equal(parley_params_init(&p[1], &parley_model_spatial), PARLEY_OK);
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_params_set(&p[0], "seed", "5", &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "the seed is a run parameter: use --seed (every model that "
                                     "draws random numbers takes it)");
    parley_error_clear(&err);
    assert_int_equal(parley_params_set_text(p, 2, "eu.seed=5", &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "'eu.seed=5': the seed is a run parameter: use --seed "
                                     "(every model that draws random numbers takes it)");
    parley_error_clear(&err);
    assert_int_equal(parley_params_set_text(p, 2, "eu.stream=3", &err), PARLEY_EINVAL);
    assert_non_null(strstr(err.message, "the stream is a run parameter"));
    parley_error_clear(&err);
    assert_int_equal(parley_params_set_text(p, 2, "spatial.Seed=5", &err), PARLEY_EINVAL);
    assert_non_null(strstr(err.message, "the seed is a run parameter"));
    assert_true(((parley_eu_params *)p[0].data)->seed == 0);
    assert_true(((parley_spatial_params *)p[1].data)->seed == 0);
    /* the run parameters set them */
    parley_run_params rp;
    parley_run_params_init(&rp);
    rp.seed = 5;
    rp.stream = 3;
    assert_int_equal(parley_params_set_run(&p[0], &rp, NULL, &err), PARLEY_OK);
    assert_true(((parley_eu_params *)p[0].data)->seed == 5);
    assert_true(((parley_eu_params *)p[0].data)->stream == 3);
    /* the typed setter sets the field */
    assert_int_equal(parley_eu_params_set(p[0].data, "seed", "7", &err), PARLEY_OK);
    assert_true(((parley_eu_params *)p[0].data)->seed == 7);
    size_t run_keys = 0;
    for (const parley_model_type *const *t = parley_model_types(); *t; ++t)
        for (const parley_param_def *d = (*t)->param_defs; d && d->key; ++d)
            run_keys += (d->flags & PARLEY_PARAM_RUN) != 0;
    assert_int_equal(run_keys, 4); /* eu.seed, eu.stream, exchange.seed, spatial.seed */
    parley_params_destroy(&p[0]);
    parley_params_destroy(&p[1]);
}

/* parley_param_find: the table entry a key names, as --param spells it. */
static void test_param_find(void **st) {
    (void)st;
    const parley_model_type *eu = parley_model_find("eu"), *sp = parley_model_find("spatial");
    const parley_param_def *d = parley_param_find(eu, "q");
    assert_non_null(d);
    assert_string_equal(d->key, "q");
    assert_int_equal(d->kind, PARLEY_PARAM_REAL);
    assert_false(d->flags & PARLEY_PARAM_RUN);
    d = parley_param_find(eu, "seed");
    assert_non_null(d);
    assert_true(d->flags & PARLEY_PARAM_RUN);
    /* exact spelling unless the entry is loose: eu's keys are exact */
    assert_null(parley_param_find(eu, "Q"));
    assert_null(parley_param_find(eu, "nothing"));
    assert_null(parley_param_find(eu, ""));
    /* spatial's keys are loose, and "rounds" is max-steps' other name */
    d = parley_param_find(sp, "Max_Steps");
    assert_non_null(d);
    assert_string_equal(d->key, "max-steps");
    assert_ptr_equal(parley_param_find(sp, "rounds"), d);
    assert_true(parley_param_find(sp, "Seed")->flags & PARLEY_PARAM_RUN);
    /* the mean has no table; no type, no key */
    assert_null(parley_param_find(parley_model_find("mean"), "q"));
    assert_null(parley_param_find(NULL, "q"));
    assert_null(parley_param_find(eu, NULL));
}

/* Models without a describe hook are described from their table, in the
 * words the hand-written describes used (the report goldens hold them too). */
static void test_describe_from_table(void **st) {
    (void)st;
    static const char *const expected[][2] = {
        {"mean", ""},
        {"median", "tie=lower"},
        {"spatial", "victory=Linear, pce=Conditional, transition=Deterministic, voting=Prop, "
                    "big-r-adjust=OneThird, big-r-range=Mid, commit=SemiCommit, interp=S2P2, "
                    "bargain=InitOnlyInterp, compat=none, max-steps=100, min-steps=2, "
                    "stop-ratio=0.02, seed=0, salience-sum=normalise"}};
    for (size_t k = 0; k < sizeof expected / sizeof *expected; ++k) {
        const parley_model_type *t = parley_model_find(expected[k][0]);
        assert_non_null(t);
        assert_null(t->params_describe);
        parley_params p;
        parley_buf b;
        parley_buf_init(&b);
        assert_int_equal(parley_params_init(&p, t), PARLEY_OK);
        assert_int_equal(parley_params_describe(&p, &b), PARLEY_OK);
        assert_string_equal(b.data ? b.data : "", expected[k][1]);
        parley_params_destroy(&p);
        parley_buf_destroy(&b);
    }
    parley_spatial_params sp;
    parley_spatial_params_default(&sp);
    sp.ktab_compat = 1;
    sp.seed = 18446744073709551615ULL;
    sp.stop_ratio = 0.385;
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_spatial_params_describe(&sp, &b), PARLEY_OK);
    assert_non_null(strstr(b.data, "compat=ktab, max-steps=100, min-steps=2, stop-ratio=0.385, "
                                   "seed=18446744073709551615, salience-sum=normalise"));
    parley_buf_destroy(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_entry),         cmocka_unit_test(test_completion_keys),
        cmocka_unit_test(test_hand_filled),         cmocka_unit_test(test_setters),
        cmocka_unit_test(test_describe_from_table), cmocka_unit_test(test_run_keys),
        cmocka_unit_test(test_param_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
