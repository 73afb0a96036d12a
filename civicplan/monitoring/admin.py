from civicplan.core.admin import admin_register_remaining

admin_register_remaining("monitoring")
