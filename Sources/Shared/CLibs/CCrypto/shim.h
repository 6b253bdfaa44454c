#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/bn.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/objects.h>

/* Swift cannot import macros built from other macros: expose the few kvcert needs as functions. */
static inline unsigned long kvd_xn_flag_rfc2253(void) { return XN_FLAG_RFC2253; }
