/*
 * ChampSim register numbers for Capstone's registers (regs.h).  Folding
 * goes by Capstone's register names, which are stable across Capstone
 * versions where its numeric ids are not.
 *
 * SPDX-License-Identifier: MIT
 */
#include "regs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/champsim-format.h"

/* x86's legacy registers: the full one first, then its parts. */
static const char *const x86_families[][5] = {
    { "rax", "eax", "ax", "al", "ah" }, { "rbx", "ebx", "bx", "bl", "bh" },
    { "rcx", "ecx", "cx", "cl", "ch" }, { "rdx", "edx", "dx", "dl", "dh" },
    { "rsi", "esi", "si", "sil" },      { "rdi", "edi", "di", "dil" },
    { "rbp", "ebp", "bp", "bpl" },      { "rsp", "esp", "sp", "spl" },
    { "rip", "eip", "ip" },
};

/* @name is @prefix followed by a decimal number only: that number, else -1. */
static int numbered(const char *name, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(name, prefix, n) != 0 || name[n] < '0' || name[n] > '9') {
        return -1;
    }
    char *end;
    long v = strtol(name + n, &end, 10);
    return *end == '\0' && v < 100 ? (int)v : -1;
}

static void fold_x86(const char *name, char out[16])
{
    for (size_t f = 0; f < sizeof(x86_families) / sizeof(x86_families[0]);
         f++) {
        for (int i = 0; i < 5 && x86_families[f][i] != NULL; i++) {
            if (strcmp(name, x86_families[f][i]) == 0) {
                snprintf(out, 16, "%s", x86_families[f][0]);
                return;
            }
        }
    }
    int n;
    size_t len = strlen(name);
    if (name[0] == 'r' && len >= 3 && strchr("bwd", name[len - 1]) != NULL) {
        char base[16];
        snprintf(base, sizeof(base), "%.*s", (int)(len - 1), name);
        if ((n = numbered(base, "r")) >= 8) {     /* r8d, r8w, r8b */
            snprintf(out, 16, "r%d", n);
            return;
        }
    }
    if ((n = numbered(name, "xmm")) >= 0 || (n = numbered(name, "ymm")) >= 0) {
        snprintf(out, 16, "zmm%d", n);
    } else if ((n = numbered(name, "mm")) >= 0 || (n = numbered(name, "fp")) >= 0) {
        snprintf(out, 16, "st(%d)", n);   /* MMX registers alias x87's */
    } else if (strcmp(name, "eiz") == 0 || strcmp(name, "riz") == 0) {
        out[0] = '\0';
    } else {
        snprintf(out, 16, "%s", name);
    }
}

static void fold_aarch64(const char *name, char out[16])
{
    int n;
    if (strcmp(name, "wsp") == 0) {
        snprintf(out, 16, "sp");
    } else if (strcmp(name, "wzr") == 0 || strcmp(name, "xzr") == 0) {
        out[0] = '\0';
    } else if ((n = numbered(name, "w")) >= 0) {
        snprintf(out, 16, "x%d", n);
    } else if ((n = numbered(name, "b")) >= 0 || (n = numbered(name, "h")) >= 0 ||
               (n = numbered(name, "s")) >= 0 || (n = numbered(name, "d")) >= 0 ||
               (n = numbered(name, "q")) >= 0) {
        snprintf(out, 16, "v%d", n);
    } else {
        snprintf(out, 16, "%s", name);
    }
}

void champsim_fold_reg_name(const char *name, bool aarch64, char out[16])
{
    (aarch64 ? fold_aarch64 : fold_x86)(name, out);
}

/* ChampSim's special number for the full register @full, or 0. */
static uint8_t special(const char *full)
{
    static const struct { const char *name; uint8_t number; } specials[] = {
        { "rsp", CHAMPSIM_REG_SP },      { "sp", CHAMPSIM_REG_SP },
        { "rflags", CHAMPSIM_REG_FLAGS }, { "nzcv", CHAMPSIM_REG_FLAGS },
        { "rip", CHAMPSIM_REG_IP },
    };
    for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++) {
        if (strcmp(full, specials[i].name) == 0) {
            return specials[i].number;
        }
    }
    return 0;
}

bool champsim_reg_map_init(ChampsimRegMap *map, csh handle, bool aarch64)
{
    int n_ids = aarch64 ? ARM64_REG_ENDING : X86_REG_ENDING;
    char fulls[CHAMPSIM_MAX_CS_REGS][16];
    unsigned next = 1;
    memset(map, 0, sizeof(*map));
    if (n_ids > CHAMPSIM_MAX_CS_REGS) {
        return false;
    }
    for (int id = 1; id < n_ids; id++) {
        const char *name = cs_reg_name(handle, (unsigned)id);
        fulls[id][0] = '\0';
        if (name == NULL) {
            continue;
        }
        champsim_fold_reg_name(name, aarch64, fulls[id]);
        if (fulls[id][0] == '\0') {
            continue;
        }
        uint8_t number = special(fulls[id]);
        for (int prev = 1; number == 0 && prev < id; prev++) {
            if (strcmp(fulls[prev], fulls[id]) == 0) {
                number = map->number[prev];
            }
        }
        if (number == 0) {
            while (next == CHAMPSIM_REG_SP || next == CHAMPSIM_REG_FLAGS ||
                   next == CHAMPSIM_REG_IP) {
                next++;
            }
            if (next >= CHAMPSIM_REG_TARGET) {
                return false;
            }
            number = (uint8_t)next++;
        }
        map->number[id] = number;
    }
    return true;
}
