/*
 * QMP's command layer (qmp-dispatch.h), with json-glib.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qmp-dispatch.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "config.h"

/* QMP error classes used here. */
#define GENERIC_ERROR "GenericError"
#define COMMAND_NOT_FOUND "CommandNotFound"

#define QMP_ERROR g_quark_from_static_string("qemu-instr-qmp")
/* GError codes: which QMP class an error reply gets. */
enum { QMP_GENERIC, QMP_COMMAND_NOT_FOUND };

typedef JsonNode *(*CommandFn)(QmpSession *s, JsonObject *args,
                               GError **error);

/* A node that takes over the caller's reference to @o (or @a). */
static JsonNode *object_node(JsonObject *o)
{
    JsonNode *node = json_node_new(JSON_NODE_OBJECT);
    json_node_take_object(node, o);
    return node;
}

static JsonNode *array_node(JsonArray *a)
{
    JsonNode *node = json_node_new(JSON_NODE_ARRAY);
    json_node_take_array(node, a);
    return node;
}

/* ------------------------------------------------------------------ */
/* Arguments                                                          */

/*
 * The string argument @name: NULL with @error set when it is missing
 * (unless @optional) or not a string.
 */
static const char *string_arg(JsonObject *args, const char *name,
                              gboolean optional, gboolean *ok, GError **error)
{
    JsonNode *node = json_object_get_member(args, name);
    if (node == NULL) {
        if (!optional) {
            g_set_error(error, QMP_ERROR, QMP_GENERIC,
                        "Parameter '%s' is missing", name);
            *ok = FALSE;
        }
        return NULL;
    }
    if (JSON_NODE_HOLDS_VALUE(node) &&
        json_node_get_value_type(node) == G_TYPE_STRING) {
        return json_node_get_string(node);
    }
    g_set_error(error, QMP_ERROR, QMP_GENERIC,
                "Parameter '%s' expects a string", name);
    *ok = FALSE;
    return NULL;
}

/* Refuse members of @args not in @known (NULL-terminated). */
static gboolean only_known_args(JsonObject *args, const char *const *known,
                                GError **error)
{
    g_autoptr(GList) names = json_object_get_members(args);
    for (GList *n = names; n != NULL; n = n->next) {
        if (!g_strv_contains(known, n->data)) {
            g_set_error(error, QMP_ERROR, QMP_GENERIC,
                        "Parameter '%s' is unexpected", (char *)n->data);
            return FALSE;
        }
    }
    return TRUE;
}

/* ------------------------------------------------------------------ */
/* Commands                                                           */

static JsonNode *empty_object(void)
{
    return object_node(json_object_new());
}

static JsonNode *cmd_qmp_capabilities(QmpSession *s, JsonObject *args,
                                      GError **error)
{
    static const char *const known[] = { "enable", NULL };
    if (!only_known_args(args, known, error)) {
        return NULL;
    }
    if (s->negotiated) {
        g_set_error(error, QMP_ERROR, QMP_COMMAND_NOT_FOUND,
                    "Capabilities negotiation is already complete, command "
                    "ignored");
        return NULL;
    }
    s->negotiated = TRUE;
    return empty_object();
}

/*
 * The optional member @name of @args, a list of strings: each given to
 * @add (FALSE with @error set to refuse one).
 */
static gboolean add_string_list(JsonObject *args, const char *name,
                                LibrarySpec *spec,
                                gboolean (*add)(LibrarySpec *, const char *,
                                                GError **),
                                GError **error)
{
    JsonNode *node = json_object_get_member(args, name);
    if (node == NULL) {
        return TRUE;
    }
    JsonArray *list = JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node)
                                                 : NULL;
    for (guint i = 0; list != NULL && i < json_array_get_length(list); i++) {
        JsonNode *item = json_array_get_element(list, i);
        if (!JSON_NODE_HOLDS_VALUE(item) ||
            json_node_get_value_type(item) != G_TYPE_STRING) {
            list = NULL;
            break;
        }
        GError *refused = NULL;
        if (!add(spec, json_node_get_string(item), &refused)) {
            g_set_error(error, QMP_ERROR, QMP_GENERIC, "Parameter '%s': %s",
                        name, refused->message);
            g_error_free(refused);
            return FALSE;
        }
    }
    if (list == NULL) {
        g_set_error(error, QMP_ERROR, QMP_GENERIC,
                    "Parameter '%s' expects a list of strings", name);
        return FALSE;
    }
    return TRUE;
}

static gboolean add_arg(LibrarySpec *spec, const char *arg, GError **error)
{
    (void)error;
    g_ptr_array_add(spec->args, g_strdup(arg));
    return TRUE;
}

static JsonNode *cmd_instr_load(QmpSession *s, JsonObject *args,
                                GError **error)
{
    static const char *const known[] = { "path", "id", "args", "windows",
                                         NULL };
    gboolean ok = only_known_args(args, known, error);
    const char *path = ok ? string_arg(args, "path", FALSE, &ok, error) : NULL;
    const char *id = ok ? string_arg(args, "id", TRUE, &ok, error) : NULL;
    if (!ok) {
        return NULL;
    }
    if (id != NULL && !library_id_is_valid(id)) {
        g_set_error(error, QMP_ERROR, QMP_GENERIC,
                    "Parameter 'id': invalid id '%s' (use letters, digits, "
                    "'_', '.' and '-')", id);
        return NULL;
    }
    LibrarySpec *spec = library_spec_new(path, id);
    g_autofree char *loaded = NULL;
    if (add_string_list(args, "args", spec, add_arg, error) &&
        add_string_list(args, "windows", spec, library_spec_add_window,
                        error)) {
        loaded = s->backend->load(spec, error);
    }
    library_spec_free(spec);
    if (loaded == NULL) {
        return NULL;
    }
    JsonObject *reply = json_object_new();
    json_object_set_string_member(reply, "id", loaded);
    return object_node(reply);
}

static JsonNode *cmd_instr_unload(QmpSession *s, JsonObject *args,
                                  GError **error)
{
    static const char *const known[] = { "id", NULL };
    gboolean ok = only_known_args(args, known, error);
    const char *id = ok ? string_arg(args, "id", FALSE, &ok, error) : NULL;
    if (!ok || !s->backend->unload(id, error)) {
        return NULL;
    }
    return empty_object();
}

static JsonNode *library_json(const LibraryInfo *info)
{
    JsonObject *o = json_object_new();
    json_object_set_string_member(o, "id", info->id);
    json_object_set_string_member(o, "path", info->path);
    JsonArray *args = json_array_new();
    for (guint i = 0; i < info->args->len; i++) {
        json_array_add_string_element(args, g_ptr_array_index(info->args, i));
    }
    json_object_set_array_member(o, "args", args);
    JsonArray *windows = json_array_new();
    for (guint i = 0; i < info->windows->len; i++) {
        g_autofree char *text = library_window_text(
            &g_array_index(info->windows, LibraryWindow, i));
        json_array_add_string_element(windows, text);
    }
    json_object_set_array_member(o, "windows", windows);
    return object_node(o);
}

static JsonNode *cmd_query_instr(QmpSession *s, JsonObject *args,
                                 GError **error)
{
    static const char *const known[] = { NULL };
    if (!only_known_args(args, known, error)) {
        return NULL;
    }
    g_autoptr(GPtrArray) libraries = s->backend->list();
    JsonArray *list = json_array_new();
    for (guint i = 0; i < libraries->len; i++) {
        json_array_add_element(list,
                               library_json(g_ptr_array_index(libraries, i)));
    }
    return array_node(list);
}

static JsonNode *cmd_query_commands(QmpSession *s, JsonObject *args,
                                    GError **error);

static const struct {
    const char *name;
    CommandFn fn;
} commands[] = {
    { "qmp_capabilities", cmd_qmp_capabilities },
    { "instr-load", cmd_instr_load },
    { "instr-unload", cmd_instr_unload },
    { "query-instr", cmd_query_instr },
    { "query-commands", cmd_query_commands },
};

static JsonNode *cmd_query_commands(QmpSession *s, JsonObject *args,
                                    GError **error)
{
    static const char *const known[] = { NULL };
    (void)s;
    if (!only_known_args(args, known, error)) {
        return NULL;
    }
    JsonArray *list = json_array_new();
    for (gsize i = 0; i < G_N_ELEMENTS(commands); i++) {
        JsonObject *o = json_object_new();
        json_object_set_string_member(o, "name", commands[i].name);
        json_array_add_object_element(list, o);
    }
    return array_node(list);
}

/* ------------------------------------------------------------------ */
/* Requests and replies                                               */

static char *to_text(JsonNode *node)
{
    g_autoptr(JsonGenerator) gen = json_generator_new();
    json_generator_set_root(gen, node);
    char *text = json_generator_to_data(gen, NULL);
    json_node_unref(node);
    return text;
}

/* {"return": @value} or {"error": ...}, with the request's "id" echoed. */
static char *reply(JsonNode *value, const GError *error, JsonNode *id)
{
    JsonObject *o = json_object_new();
    if (value != NULL) {
        json_object_set_member(o, "return", value);
    } else {
        JsonObject *e = json_object_new();
        json_object_set_string_member(e, "class",
                                      error->code == QMP_COMMAND_NOT_FOUND
                                          ? COMMAND_NOT_FOUND
                                          : GENERIC_ERROR);
        json_object_set_string_member(e, "desc", error->message);
        json_object_set_object_member(o, "error", e);
    }
    if (id != NULL) {
        json_object_set_member(o, "id", json_node_copy(id));
    }
    return to_text(object_node(o));
}

/* Check the request's shape; returns its command, or NULL with @error. */
static CommandFn parse_request(QmpSession *s, JsonObject *request,
                               JsonObject **args, GError **error)
{
    static const char *const members[] = { "execute", "arguments", "id",
                                           NULL };
    g_autoptr(GList) names = json_object_get_members(request);
    for (GList *n = names; n != NULL; n = n->next) {
        if (!g_strv_contains(members, n->data)) {
            g_set_error(error, QMP_ERROR, QMP_GENERIC,
                        "QMP input member '%s' is unexpected",
                        (char *)n->data);
            return NULL;
        }
    }
    JsonNode *execute = json_object_get_member(request, "execute");
    JsonNode *arguments = json_object_get_member(request, "arguments");
    if (execute == NULL) {
        g_set_error(error, QMP_ERROR, QMP_GENERIC,
                    "QMP input lacks member 'execute'");
        return NULL;
    }
    if (!JSON_NODE_HOLDS_VALUE(execute) ||
        json_node_get_value_type(execute) != G_TYPE_STRING) {
        g_set_error(error, QMP_ERROR, QMP_GENERIC,
                    "QMP input member 'execute' must be a string");
        return NULL;
    }
    if (arguments != NULL && !JSON_NODE_HOLDS_OBJECT(arguments)) {
        g_set_error(error, QMP_ERROR, QMP_GENERIC,
                    "QMP input member 'arguments' must be an object");
        return NULL;
    }
    const char *name = json_node_get_string(execute);
    if (!s->negotiated && strcmp(name, "qmp_capabilities") != 0) {
        g_set_error(error, QMP_ERROR, QMP_COMMAND_NOT_FOUND,
                    "Expecting capabilities negotiation with "
                    "'qmp_capabilities'");
        return NULL;
    }
    *args = arguments ? json_node_get_object(arguments) : NULL;
    for (gsize i = 0; i < G_N_ELEMENTS(commands); i++) {
        if (strcmp(commands[i].name, name) == 0) {
            return commands[i].fn;
        }
    }
    g_set_error(error, QMP_ERROR, QMP_COMMAND_NOT_FOUND,
                "The command %s has not been found", name);
    return NULL;
}

/*
 * Does the JSON text @message hold an escaped NUL (\u0000) in a string?
 * json-glib would cut the string there, so "a.so\u0000junk" would name
 * "a.so": refuse such messages instead.
 */
static gboolean has_escaped_nul(const char *message, gsize len)
{
    static const char nul[] = "u0000";
    for (gsize i = 0; i + sizeof(nul) <= len; i++) {
        if (message[i] != '\\') {
            continue;
        }
        if (g_ascii_strncasecmp(message + i + 1, nul, sizeof(nul) - 1) == 0) {
            return TRUE;
        }
        i++; /* skip the escaped character (an escaped backslash too) */
    }
    return FALSE;
}

char *qmp_refusal(const char *why)
{
    g_autoptr(GError) error = g_error_new_literal(QMP_ERROR, QMP_GENERIC, why);
    return reply(NULL, error, NULL);
}

char *qmp_dispatch(QmpSession *session, const char *message, gsize len)
{
    g_autoptr(GError) error = NULL;
    if (has_escaped_nul(message, len)) {
        g_set_error(&error, QMP_ERROR, QMP_GENERIC,
                    "JSON strings may not contain NUL (\\u0000)");
        return reply(NULL, error, NULL);
    }
    g_autoptr(JsonParser) parser = json_parser_new_immutable();
    if (!json_parser_load_from_data(parser, message, len, &error)) {
        g_prefix_error(&error, "JSON parse error, ");
        error->code = QMP_GENERIC;
        return reply(NULL, error, NULL);
    }
    JsonNode *root = json_parser_get_root(parser);
    if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
        g_set_error(&error, QMP_ERROR, QMP_GENERIC,
                    "QMP input must be a JSON object");
        return reply(NULL, error, NULL);
    }
    JsonObject *request = json_node_get_object(root);
    JsonNode *id = json_object_get_member(request, "id");
    JsonObject *args = NULL;
    CommandFn fn = parse_request(session, request, &args, &error);
    if (fn == NULL) {
        return reply(NULL, error, id);
    }
    g_autoptr(JsonObject) no_args = json_object_new();
    JsonNode *value = fn(session, args ? args : no_args, &error);
    return reply(value, error, id);
}

char *qmp_greeting(void)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "QMP");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "version");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "qemu");
    json_builder_begin_object(b);
    unsigned major = 0, minor = 0, micro = 0;
    sscanf(PACKAGE_VERSION, "%u.%u.%u", &major, &minor, &micro);
    json_builder_set_member_name(b, "major");
    json_builder_add_int_value(b, major);
    json_builder_set_member_name(b, "minor");
    json_builder_add_int_value(b, minor);
    json_builder_set_member_name(b, "micro");
    json_builder_add_int_value(b, micro);
    json_builder_end_object(b);
    json_builder_set_member_name(b, "package");
    json_builder_add_string_value(b, PACKAGE_STRING);
    json_builder_end_object(b);
    json_builder_set_member_name(b, "capabilities");
    json_builder_begin_array(b);
    json_builder_end_array(b);
    json_builder_end_object(b);
    json_builder_end_object(b);
    JsonNode *root = json_builder_get_root(b);
    g_object_unref(b);
    return to_text(root);
}

char *qmp_event(const char *name, const LibraryInfo *library)
{
    gint64 now = g_get_real_time();
    JsonObject *o = json_object_new();
    json_object_set_string_member(o, "event", name);
    json_object_set_member(o, "data", library_json(library));
    JsonObject *ts = json_object_new();
    json_object_set_int_member(ts, "seconds", now / G_USEC_PER_SEC);
    json_object_set_int_member(ts, "microseconds", now % G_USEC_PER_SEC);
    json_object_set_object_member(o, "timestamp", ts);
    return to_text(object_node(o));
}
