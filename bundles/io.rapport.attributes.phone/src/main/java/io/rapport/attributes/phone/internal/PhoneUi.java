package io.rapport.attributes.phone.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

import io.rapport.platform.ui.UiExtension;

/**
 * The dashboard's editor and display of phone numbers: the ES module {@code phone.js}, served from this
 * bundle's {@code /ui} folder, and the custom elements it defines. Rapport never calls this service: its
 * properties say everything, and the dashboard follows it coming and going.
 */
@Component(service = UiExtension.class, property = {
        UiExtension.KIND + "=" + UiExtension.KIND_ATTRIBUTE_TYPE,
        UiExtension.TARGET + "=" + PhoneType.NAME,
        UiExtension.MODULE + "=" + PhoneUi.MODULE,
        UiExtension.EDITOR + "=rapport-phone-editor",
        UiExtension.DISPLAY + "=rapport-phone-display" })
@HttpWhiteboardResource(pattern = "/ui/plugins/io.rapport.attributes.phone/*", prefix = "/ui")
public class PhoneUi implements UiExtension {
    static final String MODULE = "/ui/plugins/io.rapport.attributes.phone/phone.js";
}
